import type { GatewayClient } from '../../services/types.js';
import { parseProfile } from '../node/load-profile.js';
import { createProfileResponder } from '../node/profile-responder.js';
import type { Responder } from '../node/responder.js';
import type { KycFlowJob } from './flow-job.js';
import type { KycJobData } from './job-data.js';
import type { JobFiles } from './job-files.js';
import { KycJobError } from './kyc-job-error.js';

/**
 * The host's responder: one for every flow, or one per flow from its job (given the
 * worker's gateway client, whose `upload` puts a file where the gateway reads it).
 */
export type WorkerResponder<TData> =
  | Responder
  | ((
      flow: KycFlowJob<TData>,
      worker: { readonly client: GatewayClient },
    ) => Responder | Promise<Responder>);

export interface JobResponderOptions<TData> {
  readonly client: GatewayClient;
  readonly files: JobFiles;
  /** Where carried files are copied before they are uploaded (one private directory per worker). */
  readonly directory: string;
  readonly responder?: WorkerResponder<TData>;
}

/**
 * Who answers a job's nodes: its carried profile (`enqueue(customer, { profile })`), its
 * files copied from Redis first, else the host's responder.
 */
export function jobResponder<TData>(options: JobResponderOptions<TData>) {
  return async (flow: KycFlowJob<TData>, job: KycJobData<TData>): Promise<Responder> => {
    if (job.profile) {
      await options.files.materialise(flow.jobId, job.profile.files, options.directory);
      // Checked again here: the job came through Redis, and `otp.env` is read on this machine.
      const profile = await parseProfile(job.profile.profile, {
        source: `job ${flow.jobId}`,
        baseDirectory: options.directory,
      });
      return createProfileResponder(profile, { upload: options.client.upload });
    }
    const { responder } = options;
    if (responder === undefined) {
      throw new KycJobError(
        'RESPONDER_MISSING',
        'internal',
        `job ${flow.jobId} carries no profile and the worker has no responder`,
      );
    }
    return typeof responder === 'function'
      ? responder(flow, { client: options.client })
      : responder;
  };
}
