import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { checkAnswer, checkRequest } from '../../src/adapters/proxy/contract.js';
import { ValidationError } from '../../src/services/index.js';
import { zodWireCodec } from '../../src/services/zod-codec.js';

/**
 * A host's backend often loads zod's English locale for its own schemas (classic `zod`
 * does it on import). The proxy, the Node client and the browser must still word the same
 * mistake the same way, in our words, with no value in them.
 */
describe('issue messages, with a locale loaded in the process', () => {
  beforeAll(() => {
    z.config(z.locales.en());
  });
  afterAll(() => {
    z.config({ localeError: undefined });
  });

  const node = { executionId: 'exec-1', callbackKey: 'kyc:particular:exec-1:1', referenceId: 'r' };
  const personData = { name: '', dateOfBirth: '15/01/1990' };
  const expected = [
    { field: 'personData.name', message: 'expected a name with at least one letter' },
    // The schema's own message still wins.
    { field: 'personData.dateOfBirth', message: 'expected a date as YYYY-MM-DD' },
    { field: 'personData.nationality', message: 'expected string' },
  ];

  it('are ours, not the locale’s, in the proxy’s report of a request', () => {
    // The locale is live: zod's own wording would be different.
    const raw = z.safeParse(z.string(), 1);
    expect(raw.error?.issues[0]?.message).not.toBe('expected string');

    const report = checkRequest('workflow.kyc.particular.data', {
      ...node,
      personData: JSON.stringify(personData),
    });
    expect(report).toEqual({ direction: 'request', issues: expected });
  });

  it('are the same in the error a server-side client raises before sending', () => {
    let error: unknown;
    try {
      zodWireCodec.encodeRequest('workflow.kyc.particular.data', {
        ...node,
        personData: personData as never,
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual(expected);
  });

  it('are ours in the report of an answer, and in what a client reads', () => {
    const answer = { executionId: 'exec-1', status: 'RUNNING', currentNode: { nodeId: 'n' } };
    expect(checkAnswer('workflow.execution.status', answer)?.issues).toEqual([
      { field: 'currentNode.nodeType', message: 'expected string' },
    ]);
    expect(() => zodWireCodec.readResponse('workflow.execution.status', answer)).toThrow(
      /currentNode\.nodeType: expected string/,
    );
  });
});
