import { mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { kycKeys } from '../../src/adapters/queue/connection.js';
import {
  createJobFiles,
  digestOf,
  FILE_RETENTION_SECONDS,
} from '../../src/adapters/queue/job-files.js';
import { describeWithRedis } from '../support/real-services.js';
import { useRedisServer } from '../support/redis-suite.js';

/**
 * A worker copies the files a job carries (identity documents) from a real redis-server into
 * its private directory, through a temporary file renamed into place. A copy that cannot be
 * put in place fails the job and leaves no temporary copy of the document behind.
 */

describeWithRedis('carried files, copied out of a real redis-server', () => {
  const redis = useRedisServer();
  const passport = new TextEncoder().encode('a photo of a passport');
  const digest = digestOf(passport);
  const files = () => createJobFiles(redis.client, kycKeys({ name: 'job-files' }));
  let directory: string;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'kyc-job-files-'));
    await files().put(digest, passport);
  });
  afterEach(() => rm(directory, { recursive: true, force: true }));

  it('copies a file, readable by the worker only, with nothing beside it', async () => {
    await files().materialise('job-1', [{ digest, name: 'passport.jpg' }], directory);
    const path = join(directory, digest, 'passport.jpg');
    expect(await readFile(path, 'utf8')).toBe('a photo of a passport');
    expect((await stat(path)).mode & 0o077).toBe(0);
    expect(await readdir(join(directory, digest))).toEqual(['passport.jpg']);
  });

  it('keeps a file for as long again each time a job that carries it runs', async () => {
    const carried = [{ digest, name: 'passport.jpg' }];
    const key = kycKeys({ name: 'job-files' }).file(digest);
    await files().materialise('job-1', carried, directory);
    // A flow under review for weeks, woken now and then: its file near the end of its time.
    await redis.client.expire(key, 5);
    // Copied already: this worker reads it from its own directory, and Redis keeps it on.
    await files().materialise('job-1', carried, directory);
    expect(await redis.client.ttl(key)).toBeGreaterThan(FILE_RETENTION_SECONDS - 60);
  });

  it('says how to bring back a file no longer kept: enqueuing again adds nothing while the job is kept', async () => {
    const gone = digestOf(new TextEncoder().encode('a bill no longer kept'));
    const error = await files()
      .materialise('job-1', [{ digest: gone, name: 'bill.pdf' }], directory)
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'FILE_EXPIRED' });
    expect(String(error)).toMatch(/remove the job and enqueue the customer again/);
  });

  it('fails when a directory stands where the copy goes, leaving no temporary copy', async () => {
    await mkdir(join(directory, digest, 'passport.jpg', 'inside'), { recursive: true });
    const error = await files()
      .materialise('job-1', [{ digest, name: 'passport.jpg' }], directory)
      .catch((caught: unknown) => caught);
    expect(['EISDIR', 'ENOTEMPTY']).toContain((error as NodeJS.ErrnoException).code);
    expect(await readdir(join(directory, digest))).toEqual(['passport.jpg']);
  });
});
