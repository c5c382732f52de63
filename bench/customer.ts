import { openAsBlob } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { contentTypeOf, toFileReference } from '../src/adapters/node/file-reference.js';
import { loadProfile } from '../src/adapters/node/load-profile.js';
import type { CustomerProfile } from '../src/adapters/node/profile.js';
import type { FileInfo } from './naive-poller.js';
import type { PlainGateway } from './plain-gateway.js';

/** The sample customer both sides onboard: `examples/profiles/jane-doe.json`. */
export const PROFILE_PATH = fileURLToPath(
  new URL('../examples/profiles/jane-doe.json', import.meta.url),
);

/** The profile's data as the hand-written loop reads it (every section present). */
export interface BenchCustomer {
  readonly customerId: string;
  readonly email: string;
  readonly phone: string;
  readonly otpCode: string;
  readonly person: CustomerProfile['person'];
  readonly identityDocument: NonNullable<CustomerProfile['identityDocument']>;
  readonly liveness: NonNullable<CustomerProfile['liveness']>;
  readonly documents: NonNullable<CustomerProfile['documents']>;
  readonly forms: NonNullable<CustomerProfile['forms']>;
}

export async function loadBenchProfile(): Promise<CustomerProfile> {
  return loadProfile(PROFILE_PATH);
}

/**
 * The same profile with every file already a URL the gateway can read: no uploads on
 * either side, so throughput measures the flow logic and the gateway calls alone.
 */
export function withRemoteFiles(profile: CustomerProfile): CustomerProfile {
  const remote = (value: string) => `s3://workflow-kyc/bench/${value.split('/').at(-1) ?? 'file'}`;
  return {
    ...profile,
    ...(profile.identityDocument && {
      identityDocument: {
        ...profile.identityDocument,
        front: remote(profile.identityDocument.front),
        ...(profile.identityDocument.back && { back: remote(profile.identityDocument.back) }),
      },
    }),
    ...(profile.liveness && {
      liveness: { ...profile.liveness, selfie: remote(profile.liveness.selfie) },
    }),
    ...(profile.documents && {
      documents: profile.documents.map((document) => ({
        ...document,
        file: remote(document.file),
        ...(document.back && { back: remote(document.back) }),
      })),
    }),
  };
}

/** The profile for one flow: its own customerId and email, so flows never share a customer. */
export function customerFor(profile: CustomerProfile, id: string): CustomerProfile {
  return {
    ...profile,
    customer: { ...profile.customer, customerId: `C_${id}`, email: `${id}@example.com` },
  };
}

export function toBenchCustomer(profile: CustomerProfile): BenchCustomer {
  const { customer, identityDocument, liveness, otp } = profile;
  if (!identityDocument || !liveness || !otp?.code || !customer.email || !customer.phone) {
    throw new Error('the bench profile needs every section, a fixed OTP code, email and phone');
  }
  return {
    customerId: customer.customerId ?? customer.email,
    email: customer.email,
    phone: customer.phone,
    otpCode: otp.code,
    person: profile.person,
    identityDocument,
    liveness,
    documents: profile.documents ?? [],
    forms: profile.forms ?? {},
  };
}

/** How the hand-written loop makes a file referenceable: upload a local one, pass a URL. */
export function fileResolver(profile: CustomerProfile, gateway: PlainGateway) {
  return async (value: string, executionId: string): Promise<FileInfo> => {
    const reference = toFileReference(value, profile.baseDirectory);
    const content_type = contentTypeOf(reference.filename);
    if (reference.kind === 'url') {
      return { url: reference.url, filename: reference.filename, content_type };
    }
    const file = await openAsBlob(reference.path, { type: content_type });
    const url = await gateway.upload(file, reference.filename, executionId);
    return { url, filename: reference.filename, content_type, size: file.size };
  };
}
