import { readFile } from 'node:fs/promises';
import { toFileReference } from '../node/file-reference.js';
import type { CustomerProfile, CustomerProfileInput } from '../node/profile.js';
import type { CarriedFile, CarriedProfile } from './job-data.js';
import { digestOf, type JobFiles } from './job-files.js';

type FileMap = (value: string) => string;

/** A profile with every file field (identity document, selfie, documents) passed through `map`. */
export function mapProfileFiles(profile: CustomerProfileInput, map: FileMap): CustomerProfileInput {
  const { identityDocument, liveness, documents } = profile;
  const optional = (value: string | undefined) => (value === undefined ? undefined : map(value));
  return {
    ...profile,
    ...(identityDocument && {
      identityDocument: {
        ...identityDocument,
        front: map(identityDocument.front),
        ...(identityDocument.back !== undefined && { back: optional(identityDocument.back) }),
      },
    }),
    ...(liveness && { liveness: { ...liveness, selfie: map(liveness.selfie) } }),
    ...(documents && {
      documents: documents.map((document) => ({
        ...document,
        file: map(document.file),
        ...(document.back !== undefined && { back: optional(document.back) }),
      })),
    }),
  };
}

/**
 * A loaded profile made ready to travel in a job: each local file read, put in Redis under
 * its digest (once per content; `seen` remembers the ones put already in this batch) and
 * named `<digest>/<name>`; URLs pass as they are.
 */
export async function carryProfile(
  profile: CustomerProfile,
  files: JobFiles,
  seen: Map<string, CarriedFile> = new Map(),
): Promise<CarriedProfile> {
  const { baseDirectory, ...input } = profile;
  const carried = new Map<string, CarriedFile>();
  for (const value of new Set(fileValues(input))) {
    const reference = toFileReference(value, baseDirectory);
    if (reference.kind === 'url') continue;
    let file = seen.get(reference.path);
    if (!file) {
      const bytes = await readFile(reference.path);
      file = { digest: digestOf(bytes), name: reference.filename };
      await files.put(file.digest, bytes);
      seen.set(reference.path, file);
    }
    carried.set(value, file);
  }
  const placed = (value: string) => {
    const file = carried.get(value);
    return file ? `${file.digest}/${file.name}` : value;
  };
  return {
    profile: mapProfileFiles(input, placed),
    files: [
      ...new Map(
        [...carried.values()].map((file) => [`${file.digest}/${file.name}`, file]),
      ).values(),
    ],
  };
}

function fileValues(profile: CustomerProfileInput): string[] {
  const values: string[] = [];
  mapProfileFiles(profile, (value) => {
    values.push(value);
    return value;
  });
  return values;
}
