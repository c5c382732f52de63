import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRecorder } from '../../src/adapters/node/recorder.js';
import { parseRecording } from '../../src/sandbox/index.js';

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'kyc-recorder-'));
});
afterEach(() => rm(directory, { recursive: true, force: true }));

const URL_WITH_SECRETS =
  'https://gw.example/gateway?api=workflow.execution.status&apiVersion=1.0.0&apiKey=ak_live_1&sign=f00d';

describe('the recorder', () => {
  it('records whatever sends: fetch(url, init), a ready Request, and a network failure', async () => {
    const path = join(directory, 'r.ndjson');
    let calls = 0;
    const recorder = await createRecorder(path, {
      fetch: async () => {
        calls += 1;
        if (calls === 3) {
          throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
        }
        return Response.json(
          { apiCode: 200, apiMsg: 'OK', data: { executionId: 'exec-1', status: 'RUNNING' } },
          { headers: { 'Retry-After': '1' } },
        );
      },
    });
    const body = JSON.stringify({ executionId: 'exec-1' });
    const first = await recorder.fetch(URL_WITH_SECRETS, { method: 'POST', body });
    // The client reads the same answer the recorder read.
    expect(await first.json()).toMatchObject({ data: { status: 'RUNNING' } });
    await recorder.fetch(new Request(URL_WITH_SECRETS, { method: 'POST', body }));
    await expect(recorder.fetch(URL_WITH_SECRETS, { method: 'POST', body })).rejects.toThrow(
      'fetch failed',
    );
    await recorder.close();

    const text = await readFile(path, 'utf8');
    for (const secret of ['ak_live_1', 'f00d', 'exec-1', 'gw.example']) {
      expect(text).not.toContain(secret);
    }
    const { exchanges } = parseRecording(text);
    expect(exchanges.map(({ method }) => method)).toEqual([
      'workflow.execution.status',
      'workflow.execution.status',
      'workflow.execution.status',
    ]);
    const [viaInit, viaRequest, failed] = exchanges;
    expect(viaRequest?.request).toEqual(viaInit?.request);
    expect(viaInit).toMatchObject({
      status: 200,
      retryAfter: '1',
      answer: { apiCode: 200, apiMsg: 'OK', data: { status: 'RUNNING' } },
    });
    expect(failed).toMatchObject({ failure: 'network', cause: 'ECONNREFUSED' });
    expect(failed?.answer).toBeUndefined();
  });

  it('refuses to record into a directory', async () => {
    await expect(createRecorder(directory)).rejects.toThrow(/is a directory/);
  });
});
