import { createHash } from 'node:crypto';
import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Redis as RedisClient } from 'ioredis';
import { replaceFile } from '../node/atomic-write.js';
import type { KycKeys } from './connection.js';
import type { CarriedFile } from './job-data.js';
import { KycJobError } from './kyc-job-error.js';

/** How long a carried file stays in Redis after a job that carries it was last added or run. */
export const FILE_RETENTION_SECONDS = 30 * 24 * 3600;

const DIGEST = /^[0-9a-f]{64}$/;
const SAFE_NAME = /^[^/\\]+$/;

export const digestOf = (bytes: Uint8Array): string =>
  createHash('sha256').update(bytes).digest('hex');

/**
 * The files profile jobs carry, in Redis once per content (a sample image shared by
 * ten thousand customers is stored once), so that a worker needs nothing but Redis and
 * the gateway settings. A worker copies each file it needs to a private directory once,
 * and uploads it from there like any profile file.
 */
export function createJobFiles(redis: RedisClient, keys: KycKeys) {
  return {
    /** Keeps `bytes` under their digest; an existing copy just lives on for the retention. */
    async put(digest: string, bytes: Uint8Array): Promise<void> {
      const key = keys.file(digest);
      const set = await redis.set(key, Buffer.from(bytes), 'EX', FILE_RETENTION_SECONDS, 'NX');
      if (set === null) await redis.expire(key, FILE_RETENTION_SECONDS);
    },

    /**
     * Writes the files to `directory` as `<digest>/<name>` (0600), fetching the ones not there
     * yet. Each lives on in Redis for the retention from now: a flow woken weeks after it was
     * enqueued (a long review) still finds its files, wherever it runs next.
     */
    async materialise(jobId: string, files: readonly CarriedFile[], directory: string) {
      for (const { digest, name } of files) {
        if (!DIGEST.test(digest) || !SAFE_NAME.test(name) || name.startsWith('.')) {
          throw new KycJobError(
            'JOB_DATA_INVALID',
            'internal',
            `job ${jobId}: a carried file is misnamed`,
          );
        }
        const folder = join(directory, digest);
        const path = join(folder, name);
        await redis.expire(keys.file(digest), FILE_RETENTION_SECONDS);
        if (await isFile(path)) continue;
        const bytes = await redis.getBuffer(keys.file(digest));
        if (bytes === null) {
          throw new KycJobError(
            'FILE_EXPIRED',
            'internal',
            `job ${jobId}: its file ${name} is no longer in Redis (kept ${FILE_RETENTION_SECONDS / 86_400} days after the job last ran); remove the job and enqueue the customer again with the profile (while the job is kept, enqueuing it adds nothing)`,
          );
        }
        await mkdir(folder, { recursive: true, mode: 0o700 });
        await replaceFile(path, bytes, { mode: 0o600 });
      }
    },
  };
}
export type JobFiles = ReturnType<typeof createJobFiles>;

/** A copy made earlier; anything else in its place (a directory) is not one, and is not read as one. */
const isFile = (path: string) =>
  stat(path).then(
    (stats) => stats.isFile(),
    () => false,
  );
