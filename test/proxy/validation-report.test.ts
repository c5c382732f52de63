import { describe, expect, it } from 'vitest';
import { openAnswer } from '../../src/services/envelope.js';
import { GatewayError, TransportError, ValidationError } from '../../src/services/index.js';

const answer = (status: number, envelope: unknown) => ({
  status,
  text: JSON.stringify(envelope),
});

const errorOf = (run: () => unknown): unknown => {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
};

describe("a client reading the proxy's validation report", () => {
  const issues = [{ field: 'status', message: 'expected one of "CREATED", "RUNNING"' }];

  it('raises it as a ValidationError of that direction, even on a 502 it would otherwise retry', () => {
    const error = errorOf(() =>
      openAnswer(
        'workflow.execution.status',
        answer(502, {
          apiCode: 999000,
          apiMsg: 'PROXY_INVALID_ANSWER',
          data: null,
          validation: { direction: 'response', issues },
        }),
      ),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({
      method: 'workflow.execution.status',
      direction: 'response',
      issues,
      retryable: false,
    });
  });

  it('keeps only the field and message of each issue: anything else an issue carries is dropped', () => {
    const error = errorOf(() =>
      openAnswer(
        'workflow.kyc.particular.data',
        answer(400, {
          apiCode: 999301,
          data: null,
          validation: {
            direction: 'request',
            issues: [
              { field: 'personData.name', message: 'expected string', input: 'Jane Doe' },
              { field: 7, message: 'not an issue' },
            ],
          },
        }),
      ),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([
      { field: 'personData.name', message: 'expected string' },
    ]);
  });

  it('ignores a report that is malformed or rides on a success', () => {
    const malformed = errorOf(() =>
      openAnswer(
        'workflow.execution.status',
        answer(400, { apiCode: 999301, data: null, validation: { direction: 'sideways', issues } }),
      ),
    );
    expect(malformed).toBeInstanceOf(GatewayError);
    const transient = errorOf(() =>
      openAnswer(
        'workflow.execution.status',
        answer(503, { apiCode: 999000, data: null, validation: { direction: 'response' } }),
      ),
    );
    expect(transient).toBeInstanceOf(TransportError);
    expect(
      openAnswer(
        'workflow.execution.status',
        answer(200, {
          apiCode: 200,
          data: { ok: 1 },
          validation: { direction: 'response', issues },
        }),
      ),
    ).toEqual({ ok: 1 });
  });
});
