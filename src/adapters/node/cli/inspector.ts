import { createServer } from 'node:net';
import { createWebSocketInspector } from '@statelyai/inspect';
import { createInspectorServer } from '@statelyai/inspect/server';
import type { InspectionEvent } from 'xstate';
import { redact } from '../../../machine/index.js';

export interface RunInspector {
  /** Hand to `createKycFlow({ inspect })`. */
  readonly inspect: (event: InspectionEvent) => void;
  /** Where to open the inspector. */
  readonly url: string;
  /** Closes the relay and the connection to it. */
  stop(): void;
}

/**
 * Connects a run to the Stately inspector: a local relay (its page embeds the inspector UI
 * and forwards events over a WebSocket) and a WebSocket inspector feeding it. Every event
 * is redacted before it leaves the process.
 */
export async function startRunInspector(port: number): Promise<RunInspector> {
  await assertPortFree(port);
  const server = createInspectorServer({ port, autoOpen: false });
  const inspector = createWebSocketInspector({
    url: `ws://localhost:${port}`,
    // Applied to the whole converted event: context, event payloads, snapshots, outputs.
    serialize: (event) => redact(event),
    sanitizeContext: (context) => redact(context),
    sanitizeEvent: (event) => redact(event),
  });
  return {
    inspect: (event) => inspector.inspect.next?.(event),
    url: `http://localhost:${port}`,
    stop() {
      inspector.stop();
      server.stop();
    },
  };
}

/** The relay crashes the process on a busy port (an unhandled `listen` error): check first. */
function assertPortFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error) =>
      reject(
        new Error(
          `inspector port ${port} is not free (${(error as NodeJS.ErrnoException).code}); pick another with --inspect-port`,
        ),
      ),
    );
    probe.listen(port, () => probe.close(() => resolve()));
  });
}
