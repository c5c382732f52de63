import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readBatchFile } from '../../src/adapters/node/cli/batch-file.js';

/** A batch file as an editor may save it: a UTF-8 byte order mark first, CRLF line ends. */

const directory = mkdtempSync(join(tmpdir(), 'kyc-batch-file-'));
// The example's profiles name their files relative to the batch file.
symlinkSync(resolve('examples/profiles'), join(directory, 'profiles'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const lines = readFileSync('examples/customers.ndjson', 'utf8').trim().split('\n').slice(0, 2);

describe('kyc-flow batch: reading the batch file', () => {
  it('takes a file that begins with a byte order mark', async () => {
    const path = join(directory, 'bom.ndjson');
    writeFileSync(path, `\uFEFF${lines.join('\r\n')}\r\n`);
    const entries = await readBatchFile(path);
    expect(entries.map((entry) => entry.line)).toEqual([1, 2]);
    expect(entries[0]?.profile.customer.customerId).toBe(
      JSON.parse(lines[0] ?? '').customer.customerId,
    );
  });
});
