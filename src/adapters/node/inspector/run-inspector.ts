import type { InspectionEvent } from 'xstate';
import { chartTree } from '../../../machine/chart-tree.js';
import { toInspectorMessage } from '../../../machine/inspector-feed.js';
import { kycFlowMachine } from '../../../machine/machine.js';
import { redactText } from '../../../machine/redact.js';
import { createEventChannel } from './event-channel.js';
import { sendPage } from './html-page.js';
import { type InspectorRoute, listenInspector } from './inspector-server.js';
import { loadStatelyFeed } from './stately-feed.js';
import { statelyBridgePage, statelyMissingPage } from './stately-page.js';
import { viewerPage } from './viewer-page.js';

export interface RunInspectorOptions {
  /**
   * `'local'` (default): `url` is the offline viewer, which needs nothing from the internet
   * (nor `@statelyai/inspect`). `'stately'`: `url` is the Stately inspector (its interface
   * loads from stately.ai), and `@statelyai/inspect` must be installed.
   */
  readonly mode?: 'local' | 'stately';
  /** Default 0: a free port the system chooses. */
  readonly port?: number;
  /** Default `127.0.0.1`: the run is watched from this machine only. */
  readonly host?: string;
  /**
   * Applied to each message's JSON text before any page gets it, after the events are
   * redacted: the CLI passes one that blots out the profile's own values, which a gateway's
   * free text may repeat. It must keep the text JSON.
   */
  readonly scrub?: (text: string) => string;
}

/** How the run ended, as its host tells it: the chart alone shows where, not why. */
export interface RunEnd {
  /** The outcome, or why the run stopped (`PENDING_REVIEW (execution …)`, `the profile cannot answer …`). */
  readonly outcome: string;
  /** The process's exit code, where there is one. */
  readonly code?: number;
  /** What to do about it. */
  readonly hint?: string;
}

export interface RunInspector {
  /** Hand to `runHeadless({ inspect })` (or `createKycFlow`). */
  readonly inspect: (event: InspectionEvent) => void;
  /** Tells the pages how the run ended, redacted as the events are. */
  ended(end: RunEnd): void;
  /** The page of the chosen mode. */
  readonly url: string;
  /** The offline viewer: the chart with the active path lit, and the redacted event log. */
  readonly viewerUrl: string;
  /** The Stately inspector, fed the same run (a page saying what to install when it cannot be). */
  readonly statelyUrl: string;
  /** Resolves when the first viewer (either page) is connected. */
  readonly connected: Promise<void>;
  /** Closes the pages and their streams. */
  stop(): Promise<void>;
}

/** Messages kept for viewers that come late: a whole run, many times over. */
const MAX_KEPT = { viewer: 5_000, stately: 20_000 } as const;

/**
 * Serves a headless run to a browser on this machine: the offline viewer at `/` and the
 * Stately inspector at `/stately`, both fed redacted events as Server-Sent Events. Every
 * event since the start is kept and replayed to each viewer that connects later.
 */
export async function createRunInspector(options: RunInspectorOptions = {}): Promise<RunInspector> {
  const mode = options.mode ?? 'local';
  const host = options.host ?? '127.0.0.1';
  const scrub = options.scrub ?? ((text: string) => text);
  const viewer = createEventChannel(MAX_KEPT.viewer);
  const stately = createEventChannel(MAX_KEPT.stately);
  const feed = await loadStatelyFeed((text) => stately.publish(scrub(text)), mode === 'stately');
  let onConnected = () => {};
  const connected = new Promise<void>((resolve) => {
    onConnected = resolve;
  });
  const stream =
    (channel: typeof viewer): InspectorRoute =>
    (_request, response) => {
      channel.attach(response);
      onConnected();
    };
  const chart = chartTree(kycFlowMachine);
  const server = await listenInspector(options.port ?? 0, host, {
    '/': (_request, response) =>
      sendPage(response, (nonce) => viewerPage({ chart, nonce, statelyPath: '/stately' })),
    '/events': stream(viewer),
    '/stately': (_request, response) =>
      feed
        ? sendPage(response, (nonce) => statelyBridgePage(nonce, '/stately/events'), true)
        : sendPage(response, () => statelyMissingPage('/')),
    '/stately/events': stream(stately),
  });
  const base = `http://${host.includes(':') ? `[${host}]` : host}:${server.port}`;
  return {
    inspect(event) {
      const message = toInspectorMessage(event);
      if (message) viewer.publish(scrub(JSON.stringify(message)));
      feed?.(event);
    },
    ended({ outcome, code, hint }) {
      const end = {
        type: 'end',
        outcome: redactText(outcome),
        ...(code !== undefined && { code }),
        ...(hint !== undefined && { hint: redactText(hint) }),
        at: Date.now(),
      };
      viewer.publish(scrub(JSON.stringify(end)));
    },
    url: mode === 'stately' ? `${base}/stately` : `${base}/`,
    viewerUrl: `${base}/`,
    statelyUrl: `${base}/stately`,
    connected,
    async stop() {
      viewer.close();
      stately.close();
      await server.close();
    },
  };
}
