import { describe, expect, it } from 'vitest';
import { createReachability, transportCause } from '../../src/adapters/node/cli/reachability.js';
import { TransportError } from '../../src/services/errors/transport-error.js';

const retryWith = (error: Error) => ({
  method: 'workflow.execution.status' as const,
  retry: 1,
  delayMs: 250,
  error,
});

describe('why a suspended run could not go on, as the CLI says it', () => {
  it('names the host and the network cause the client heard on its retries', () => {
    const reachability = createReachability('https://gw.example:8443/gateway');
    const refused = Object.assign(new Error('connect'), { code: 'ECONNREFUSED' });
    reachability.onRetry(
      retryWith(
        new TransportError('workflow.execution.status', 'network', undefined, { cause: refused }),
      ),
    );
    expect(reachability.describe()).toBe(
      'the gateway at gw.example:8443 could not be reached: connection refused (ECONNREFUSED)',
    );
  });

  it('says the gateway was reached when an answer came back on the retries: a status, a body it could not decode', () => {
    const busy = createReachability('https://gw.example/gateway');
    busy.onRetry(retryWith(new TransportError('workflow.execution.status', 'http', 429)));
    expect(busy.describe()).toBe('the gateway at gw.example was reached, but it answers HTTP 429');
    const garbled = createReachability('https://gw.example/gateway');
    const inflate = Object.assign(new Error('incorrect header check'), { code: 'Z_DATA_ERROR' });
    garbled.onRetry(
      retryWith(
        new TransportError('workflow.execution.status', 'network', undefined, { cause: inflate }),
      ),
    );
    expect(garbled.describe()).toBe(
      'the gateway at gw.example was reached, but its answer could not be decoded (Z_DATA_ERROR)',
    );
  });

  it('says what came back when the status was one the client does not retry', () => {
    const reachability = createReachability('https://gw.example/gateway');
    const last = new TransportError('workflow.execution.status', 'http', 404);
    expect(reachability.describe(last)).toBe('the gateway at gw.example answers HTTP 404');
    // Nothing heard and nothing said: it could not be reached.
    expect(reachability.describe()).toBe('the gateway at gw.example could not be reached');
  });

  it('says the gateway redirects, never that it could not be reached, its 3xx hidden or not', () => {
    const reachability = createReachability('http://gw.example/gateway');
    for (const status of [0, 302]) {
      const last = new TransportError('workflow.applicant.register', 'redirect', status);
      expect(reachability.describe(last)).toMatch(
        /^the gateway at gw\.example answers with a redirect, which is never followed/,
      );
    }
    expect(new TransportError('workflow.applicant.register', 'redirect', 0).message).toBe(
      'workflow.applicant.register failed: redirect',
    );
  });

  it('names a port fetch never connects to (1, 6000…), not a bare network error', async () => {
    // What Node's fetch itself throws for a blocked port, not a hand-made error.
    const refused = await fetch('http://127.0.0.1:6000/').catch((error: unknown) => error);
    const error = new TransportError('workflow.applicant.register', 'network', undefined, {
      cause: refused,
    });
    const reachability = createReachability('http://127.0.0.1:6000/gateway');
    reachability.onRetry(retryWith(error));
    expect(reachability.describe()).toBe(
      'the gateway at 127.0.0.1:6000 could not be reached: the port is one fetch never connects to (a blocked port, as in browsers): use another',
    );
    const unnamed = new TransportError('workflow.applicant.register', 'network', undefined, {
      cause: new TypeError('fetch failed', { cause: new Error('other side hung up') }),
    });
    expect(transportCause(unnamed)).toBe('network error');
  });

  describe('an attempt that ran out of time, by what its connection met', () => {
    const timedOut = retryWith(new TransportError('workflow.execution.status', 'timeout'));
    const reachabilityWith = (state?: 'connecting' | 'failed' | 'connected') =>
      createReachability('https://gw.example/gateway', {
        attemptMs: 2_500,
        connectionTo: (host) => (host === 'gw.example' ? state : undefined),
      });

    it('a host that took the connection and said nothing was reached, and the timeout is named', () => {
      const reachability = reachabilityWith('connected');
      expect(reachability.retryLine(timedOut)).toBe(
        '  workflow.execution.status: it did not answer within the per-attempt timeout (2.5 s) on a connection it accepted; trying again (retry 1)',
      );
      reachability.onRetry(timedOut);
      expect(reachability.describe()).toBe(
        'the gateway at gw.example was reached, but it did not answer within the per-attempt timeout (2.5 s) on a connection it accepted',
      );
    });

    it.each(['connecting', 'failed'] as const)(
      'a host that never took it (%s) could not be reached',
      (state) => {
        const reachability = reachabilityWith(state);
        reachability.onRetry(timedOut);
        expect(reachability.describe()).toBe(
          'the gateway at gw.example could not be reached: no connection within the per-attempt timeout (2.5 s; the host neither took nor refused it: a firewall, or a wrong address)',
        );
      },
    );

    it('with nothing known of the connection (another fetch), neither reached nor not', () => {
      const reachability = reachabilityWith(undefined);
      reachability.onRetry(timedOut);
      expect(reachability.describe()).toBe(
        'the gateway at gw.example gave no answer within the per-attempt timeout (2.5 s)',
      );
    });
  });
});
