import { createFlowOverClient } from '../../machine/flow-over-client.js';
import type { PersistedFlow } from '../../machine/types.js';
import { storageKeyOf } from './customer-key.js';
import { createDriving, ownLock } from './driving.js';
import { createFlowActions } from './flow-actions.js';
import { createFlowHolder } from './flow-holder.js';
import { resolveFlowStore } from './flow-store.js';
import { createGate } from './gate.js';
import { inspectionOf } from './inspection.js';
import { lazyUpload } from './lazy-upload.js';
import { createPageWatch } from './page-watch.js';
import { gatePolls } from './poll-gate.js';
import { proxyClient } from './proxy-transport.js';
import { remoteFlowOf } from './remote-flow.js';
import { restoreFlow, savedFlow } from './saved-flow.js';
import type { SentOptions } from './server-side.js';
import type { BrowserFlow, BrowserFlowOptions } from './types.js';
import { createWakeableSleep } from './wakeable-sleep.js';

/**
 * The flow brain in a browser: every call goes through the host's signing proxy, the
 * flow is saved on every step (per customer, `sessionStorage` by default) and resumed on
 * the next page load, polls wait while the page is hidden or offline, and a suspended
 * flow retries the moment the page is back (not before a time its gateway named, though:
 * the chart ignores that RETRY). Nothing happens until `run()` or `start()`.
 */
export function createBrowserFlow(options: BrowserFlowOptions): BrowserFlow {
  if ('apiSecret' in options) {
    throw new TypeError('createBrowserFlow takes no apiSecret: the proxy signs');
  }
  const storageKey = storageKeyOf(options);
  // A flow handed over (like one with `storage: 'server'`) is the proxy's: none of it is kept here.
  const store = resolveFlowStore(options.handoff === undefined && options.storage);
  const saved = store ? savedFlow(store, storageKey) : undefined;
  const gate = createGate();
  const waits = createWakeableSleep();
  // The client's own copy: the page that owns a kept flow puts its fetch in (owner-side.ts).
  const sent: SentOptions = { ...options };
  const client = proxyClient(options.proxyUrl, sent, gatePolls(gate));
  const inspection = inspectionOf(options.inspect);
  const build = (snapshot?: PersistedFlow) =>
    createFlowOverClient(
      {
        customer: options.customer ?? {},
        ...(snapshot ? { snapshot } : {}),
        ...(options.polling ? { polling: options.polling } : {}),
        maxUnknownStatusMs: options.maxUnknownStatusMs,
        ...(inspection.inspect ? { inspect: inspection.inspect } : {}),
        sleep: waits.sleep,
      },
      client,
    );
  const restore = () => restoreFlow(saved, build, options.customer?.referenceId);
  const holder = createFlowHolder(restore() ?? build(), saved);
  const remote = remoteFlowOf(options, storageKey, { holder, build, sent });
  const { face } = holder;
  const page = createPageWatch(gate, waits, () => {
    if (face.getView().step === 'suspended') face.send({ type: 'RETRY' });
  });
  const lock = remote.lock || ownLock;
  const driving = createDriving({ holder, page, inspection, lock, restore });
  const upload = lazyUpload(options, face.getView);

  const browserFlow: BrowserFlow = Object.assign(face, {
    start() {
      driving.begin('started');
      return browserFlow;
    },
    run() {
      driving.begin('running');
      return browserFlow;
    },
    stop: driving.stop,
    discard() {
      holder.saved?.clear();
      holder.replace(build());
      if (driving.begun !== 'not begun' && !holder.overlay.drivenElsewhere) holder.flow.start();
    },
    upload,
    actions: createFlowActions({ ...face, upload }),
    // A page whose storage is blocked (a sandboxed frame) keeps nothing: no key to name.
    storageKey:
      saved || options.storage === 'server' || options.handoff !== undefined
        ? storageKey
        : undefined,
    handoff: remote.handoff,
    takeBack: remote.takeBack,
  });
  return browserFlow;
}
