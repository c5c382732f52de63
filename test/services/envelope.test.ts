import { describe, expect, it } from 'vitest';
import { failedWrapper, openAnswer, parseEnvelope, readData } from '../../src/services/envelope.js';
import {
  GATEWAY_CODES,
  GatewayError,
  methods,
  NON_RETRYABLE_CODES,
  RETRYABLE_CODES,
  TransportError,
  ValidationError,
} from '../../src/services/index.js';

const open = (text: string, status = 200) =>
  openAnswer('workflow.execution.status', { status, text });

const catchError = (run: () => unknown): unknown => {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
};

describe('envelope', () => {
  it('hands over data from the documented success envelope', () => {
    expect(open('{"apiCode":200,"apiMsg":"OK","data":{"executionId":"e1"}}')).toEqual({
      executionId: 'e1',
    });
  });

  it('accepts apiCode as a numeric string and a missing apiMsg', () => {
    expect(open('{"apiCode":"200","data":{"executionId":"e1"}}')).toEqual({ executionId: 'e1' });
    const reading = parseEnvelope('{"apiCode":" 999001 "}');
    expect(reading).toEqual({
      ok: true,
      envelope: { apiCode: 999001, apiMsg: 'SIGN_ERROR', data: undefined },
    });
  });

  it('unwraps data.data nested one level deeper', () => {
    expect(open('{"apiCode":200,"data":{"data":{"executionId":"e1"}}}')).toEqual({
      executionId: 'e1',
    });
    expect(open('{"apiCode":200,"data":{"apiCode":200,"data":{"executionId":"e1"}}}')).toEqual({
      executionId: 'e1',
    });
  });

  it('keeps a wrapper whole when its code says it failed, so the reader refuses it', () => {
    const inner = { code: 410001, msg: 'node not waiting', data: { executionId: 'e1' } };
    expect(open(JSON.stringify({ apiCode: 200, data: inner }))).toEqual(inner);
    expect(failedWrapper(inner)).toEqual({ apiCode: 410001, apiMsg: 'node not waiting' });
    // 200 and 0 say OK: unwrapped, no failure.
    for (const code of [200, '0']) {
      const ok = { code, data: { executionId: 'e1' } };
      expect(open(JSON.stringify({ apiCode: 200, data: ok }))).toEqual({ executionId: 'e1' });
      expect(failedWrapper(ok)).toBeUndefined();
    }
  });

  it('keeps a data object that merely has a field called data next to real fields', () => {
    expect(open('{"apiCode":200,"data":{"executionId":"e1","data":{"x":1}}}')).toEqual({
      executionId: 'e1',
      data: { x: 1 },
    });
  });

  it('turns a non-200 apiCode into a GatewayError with code, message and method', () => {
    const error = catchError(() => open('{"apiCode":999302,"apiMsg":"API_NOT_FOUND","data":null}'));
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({
      apiCode: 999302,
      apiMsg: 'API_NOT_FOUND',
      method: 'workflow.execution.status',
      retryable: false,
    });
  });

  it('marks only 999401 as a retryable gateway error', () => {
    expect(catchError(() => open('{"apiCode":999401,"data":null}'))).toMatchObject({
      retryable: true,
      apiMsg: 'SERVICE_TIME_OUT',
    });
    for (const code of [999000, 999001, 999301, 999302, 999303, 999402, 410001]) {
      expect(catchError(() => open(`{"apiCode":${code},"data":null}`))).toMatchObject({
        apiCode: code,
        retryable: false,
      });
    }
  });

  it('reads a code the guide calls final as a gateway refusal, even under a retryable status', () => {
    for (const status of [500, 502, 503, 429]) {
      for (const code of NON_RETRYABLE_CODES) {
        const error = catchError(() => open(`{"apiCode":${code},"apiMsg":"refused"}`, status));
        expect(error).toBeInstanceOf(GatewayError);
        expect(error).toMatchObject({ apiCode: code, apiMsg: 'refused', retryable: false });
      }
    }
    // Any other code under a retryable status stays a passing failure of the transport.
    expect(catchError(() => open('{"apiCode":999000}', 502))).toMatchObject({
      failure: 'http',
      status: 502,
      retryable: true,
    });
  });

  it('turns a body that is not JSON into a response ValidationError', () => {
    const error = catchError(() => open('<html>bad gateway</html>'));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({
      direction: 'response',
      method: 'workflow.execution.status',
      unreadable: true,
    });
  });

  it('turns JSON that is not an envelope into a ValidationError naming apiCode', () => {
    for (const text of ['{"code":200,"data":{}}', '[1,2]', '{"apiCode":"OK"}', 'null']) {
      const error = catchError(() => open(text));
      expect(error).toBeInstanceOf(ValidationError);
    }
    expect(catchError(() => open('{"apiCode":"OK","data":{}}'))).toMatchObject({
      field: 'apiCode',
    });
  });

  it('reports a bare HTTP error without an envelope as a transport error with the status', () => {
    expect(catchError(() => open('Not Found', 404))).toMatchObject({
      failure: 'http',
      status: 404,
      retryable: false,
    });
    const busy = catchError(() =>
      openAnswer('workflow.execution.status', { status: 503, text: '', retryAfterMs: 1000 }),
    );
    expect(busy).toBeInstanceOf(TransportError);
    expect(busy).toMatchObject({ status: 503, retryable: true, retryAfterMs: 1000 });
  });

  it('validates data against the method and names the wrong field', () => {
    const schema = methods['workflow.execution.status'].response;
    const error = catchError(() =>
      readData('workflow.execution.status', schema, { executionId: 'e1', status: ['DONE'] }),
    );
    expect(error).toBeInstanceOf(ValidationError);
    // An envelope was read: the gateway took the call, and answered in another shape.
    expect(error).toMatchObject({ field: 'status', direction: 'response', unreadable: false });
    expect((error as Error).message).toContain('status: expected string');
  });

  it('lets unknown extra fields and missing optional fields pass', () => {
    const schema = methods['workflow.execution.status'].response;
    expect(
      readData('workflow.execution.status', schema, {
        executionId: 'e1',
        status: 'RUNNING',
        somethingNew: true,
      }),
    ).toEqual({ executionId: 'e1', status: 'RUNNING', somethingNew: true });
  });
});

describe('which typed errors are worth another attempt', () => {
  it('a gateway code: only the retryable ones, never a documented non-retryable one', () => {
    expect(NON_RETRYABLE_CODES.filter((code) => RETRYABLE_CODES.includes(code))).toEqual([]);
    for (const code of Object.values(GATEWAY_CODES)) {
      const error = new GatewayError('workflow.execution.status', code, 'x');
      expect(error.retryable, String(code)).toBe(RETRYABLE_CODES.includes(code));
    }
  });

  it("an answer that is no envelope: an upload's (sent again), never a gateway call's", () => {
    const issue = [{ field: '', message: 'expected a JSON envelope' }];
    expect(new ValidationError('storage.upload', 'response', issue).retryable).toBe(true);
    expect(new ValidationError('workflow.execution.status', 'response', issue).retryable).toBe(
      false,
    );
    expect(new ValidationError('storage.upload', 'request', issue).retryable).toBe(false);
  });
});
