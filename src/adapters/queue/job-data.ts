import type { FlowCustomer } from '../../machine/index.js';
import type { CustomerProfileInput } from '../node/profile.js';
import { jobIdOf } from './flow-key.js';
import { KycJobError } from './kyc-job-error.js';

/** A file a profile job carries: its bytes are in Redis under its digest. */
export interface CarriedFile {
  /** SHA-256 of the bytes, hex. */
  readonly digest: string;
  /** The file's own name (its media type is read from it). */
  readonly name: string;
}

/** A customer profile carried by its job, its local files replaced by `<digest>/<name>`. */
export interface CarriedProfile {
  readonly profile: CustomerProfileInput;
  readonly files: readonly CarriedFile[];
}

/** What one onboarding job holds. Personal data: keep the Redis it lives in private. */
export interface KycJobData<TData = unknown> {
  /** The job format; a worker refuses one it does not know. */
  readonly format: typeof JOB_FORMAT;
  /** Who is onboarded; the referenceId is fixed when the job is added, so a re-run starts nothing new. */
  readonly customer: FlowCustomer & { readonly referenceId: string };
  /** The host's own payload, for its responder (a record id, say). */
  readonly data?: TData;
  /** A whole customer profile (`enqueueProfile`): the worker answers every node from it. */
  readonly profile?: CarriedProfile;
  /**
   * The enqueue that added the job (random): of two enqueues of one customer at once, the
   * one whose id the kept job holds is the one that added it.
   */
  readonly enqueuedBy?: string;
}

export const JOB_FORMAT = 1;

/**
 * The job data of a customer. A customer without a referenceId gets one derived from its
 * flow's key (`kyc-<job id>`), so that enqueuing it again, even after its job was removed,
 * registers and starts nothing new at the gateway.
 */
export function jobDataOf<TData>(
  customer: FlowCustomer,
  extra: {
    readonly data?: TData;
    readonly profile?: CarriedProfile;
    readonly enqueuedBy?: string;
  } = {},
): KycJobData<TData> {
  const { customerId, email, phone } = customer;
  return {
    format: JOB_FORMAT,
    customer: {
      ...(customerId !== undefined && { customerId }),
      ...(email !== undefined && { email }),
      ...(phone !== undefined && { phone }),
      referenceId: customer.referenceId ?? `kyc-${jobIdOf(customer)}`,
    },
    ...(extra.data !== undefined && { data: extra.data }),
    ...(extra.profile !== undefined && { profile: extra.profile }),
    ...(extra.enqueuedBy !== undefined && { enqueuedBy: extra.enqueuedBy }),
  };
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const optionalText = (value: unknown) => value === undefined || typeof value === 'string';

/** A job's data, checked before a flow is run from it; a `KycJobError` naming the field when not. */
export function readJobData<TData>(jobId: string, data: unknown): KycJobData<TData> {
  const invalid = (field: string) =>
    new KycJobError(
      'JOB_DATA_INVALID',
      'internal',
      `job ${jobId}: ${field} is not what kyc-flow enqueues`,
    );
  if (!isRecord(data)) throw invalid('its data');
  if (data.format !== JOB_FORMAT) throw invalid(`format ${String(data.format)}`);
  const { customer, profile } = data;
  if (
    !isRecord(customer) ||
    typeof customer.referenceId !== 'string' ||
    customer.referenceId === ''
  ) {
    throw invalid('customer.referenceId');
  }
  for (const field of ['customerId', 'email', 'phone'] as const) {
    if (!optionalText(customer[field])) throw invalid(`customer.${field}`);
  }
  if (profile !== undefined && (!isRecord(profile) || !Array.isArray(profile.files))) {
    throw invalid('profile');
  }
  return data as unknown as KycJobData<TData>;
}
