import type { InspectionEvent } from 'xstate';
import { FlowInputError } from '../../machine/flow-error.js';
import { createFlowOverClient, type KycFlow } from '../../machine/flow-over-client.js';
import type { FlowEmitted, FlowView, PersistedFlow } from '../../machine/types.js';
import type { DocumentFile } from '../../services/wire/records.js';
import { storageKeyOf } from './customer-key.js';
import { createFlowActions } from './flow-actions.js';
import { resolveFlowStore } from './flow-store.js';
import { createGate } from './gate.js';
import { readPage, watchPage } from './page-signals.js';
import { gatePolls } from './poll-gate.js';
import { createProgressUploader, type ProgressUploader } from './progress-upload.js';
import { createProxyUploader, type ProxyClientOptions, proxyClient } from './proxy-transport.js';
import { savedFlow } from './saved-flow.js';
import {
  type BrowserInspector,
  openLocalInspector,
  openStatelyInspector,
} from './stately-inspector.js';
import { takeTabLock } from './tab-lock.js';
import type {
  BrowserFlow,
  BrowserFlowOptions,
  BrowserFlowView,
  Upload,
  UploadOptions,
} from './types.js';
import { createWakeableSleep } from './wakeable-sleep.js';

const nameOf = (file: Upload): string | undefined =>
  'name' in file && typeof file.name === 'string' && file.name !== '' ? file.name : undefined;

/** Browsers give XMLHttpRequest (progress); elsewhere, or with the host's own fetch, fetch. */
const createUploader = (options: BrowserFlowOptions, transport: ProxyClientOptions) => {
  if (options.fetch === undefined && typeof XMLHttpRequest !== 'undefined') {
    return createProgressUploader({ ...transport, proxyUrl: options.proxyUrl });
  }
  const upload = createProxyUploader(options.proxyUrl, transport);
  const uploader: ProgressUploader = async (input, call = {}) => {
    const result = await upload(input, call);
    call.onProgress?.({ loaded: input.file.size, total: input.file.size });
    return result;
  };
  return uploader;
};

/**
 * The flow brain in a browser: every call goes through the host's signing proxy, the
 * flow is saved on every step (per customer, `sessionStorage` by default) and resumed on
 * the next page load, polls wait while the page is hidden or offline, and a suspended
 * flow retries the moment the page is back. Nothing happens until `run()` or `start()`.
 */
export function createBrowserFlow(options: BrowserFlowOptions): BrowserFlow {
  if ('apiSecret' in options) {
    throw new TypeError(
      'createBrowserFlow takes no apiSecret: a browser must never hold it; your proxy signs',
    );
  }
  const store = resolveFlowStore(options.storage);
  const storageKey = storageKeyOf(options.storageKey, options.customer);
  const saved = store ? savedFlow(store, storageKey) : undefined;

  // The transport reads only its own keys, and an absent one as its default.
  const transport: ProxyClientOptions = options;
  const gate = createGate();
  const waits = createWakeableSleep();
  const client = proxyClient(options.proxyUrl, transport, gatePolls(gate));
  const uploader = createUploader(options, transport);

  let inspector: BrowserInspector | undefined;
  const observe = typeof options.inspect === 'function' ? options.inspect : undefined;
  const inspect =
    options.inspect === undefined || options.inspect === false
      ? undefined
      : (event: InspectionEvent) => {
          inspector?.inspect(event);
          observe?.(event);
        };

  const build = (snapshot?: PersistedFlow) =>
    createFlowOverClient(
      {
        customer: options.customer,
        ...(snapshot ? { snapshot } : {}),
        ...(options.polling ? { polling: options.polling } : {}),
        ...(inspect ? { inspect } : {}),
        sleep: waits.sleep,
      },
      client,
    );
  /** The flow over the saved snapshot, if there is one this chart can read. */
  const restore = (): KycFlow | undefined => {
    const snapshot = saved?.read();
    if (snapshot) {
      try {
        return build(snapshot);
      } catch {
        // A snapshot from an older version of the chart, or edited by hand: start over.
        saved?.clear();
      }
    }
  };

  // The flow behind this object: discard() and a takeover from another tab put a new one
  // in place, so listeners and handlers are the object's and follow every one of them.
  let flow: KycFlow;
  const listeners = new Set<(view: BrowserFlowView) => void>();
  const handlers = new Set<readonly [string, (event: FlowEmitted) => void]>();
  /** 0: not started; 1: start(); 2: run(), which also sends START to a fresh flow. */
  let begun = 0;
  /** Another tab holds this saved flow's lock and drives it; this one only shows it. */
  let elsewhere = false;
  let base: FlowView | undefined;
  let shown: BrowserFlowView | undefined;
  const getView = (): BrowserFlowView => {
    const view = flow.getView();
    if (!elsewhere) return view;
    if (base !== view) {
      base = view;
      shown = { ...view, drivenElsewhere: true };
    }
    return shown as BrowserFlowView;
  };
  const notify = () => {
    const view = getView();
    for (const listener of [...listeners]) listener(view);
  };
  const save = () => {
    const snapshot = flow.actor.getSnapshot();
    if (snapshot.status === 'done') saved?.clear();
    else if (snapshot.status === 'active') saved?.write(flow.persist());
  };
  const use = (next: KycFlow) => {
    flow = next;
    next.subscribe(notify);
    next.on('*', (event) => {
      for (const [type, handler] of [...handlers]) {
        if (type === '*' || type === event.type) handler(event);
      }
    });
    next.actor.subscribe({ next: save, error: () => undefined });
  };
  use(restore() ?? build());

  /**
   * Back in view and online: whatever waited for later (the next poll, an OCR read) runs
   * now, and a suspended flow tries again at once.
   */
  const carryOn = () => {
    const page = readPage();
    if (!page.visible || !page.online) return;
    waits.wake();
    if (flow.getView().step === 'suspended') flow.send({ type: 'RETRY' });
  };
  let unwatch: (() => void) | undefined;
  const watch = () => {
    if (unwatch) return;
    const page = readPage();
    if (!page.visible) gate.hold('hidden');
    if (!page.online) gate.hold('offline');
    unwatch = watchPage({
      onVisibility(visible) {
        if (!visible) return gate.hold('hidden');
        gate.release('hidden');
        carryOn();
      },
      onConnection(online) {
        if (!online) return gate.hold('offline');
        gate.release('offline');
        carryOn();
      },
    });
  };

  const upload = async (file: Upload, uploadOptions: UploadOptions = {}): Promise<DocumentFile> => {
    const { executionId } = flow.getView();
    if (executionId === undefined) {
      throw new FlowInputError('NO_EXECUTION', 'files belong to an execution: upload once it runs');
    }
    const filename = uploadOptions.filename ?? nameOf(file) ?? 'upload';
    const { url } = await uploader({ file, filename, executionId }, uploadOptions);
    return {
      url,
      filename,
      ...(file.type ? { content_type: file.type } : {}),
      size: file.size,
    };
  };

  /** Runs the flow here: this tab drives it (or there is nothing to share it with). */
  const drive = () => {
    watch();
    flow.start();
    if (begun > 1 && flow.getView().step === 'idle') flow.send({ type: 'START' });
    save();
  };
  let letGo: (() => void) | undefined;
  let holding = false;
  const begin = (mode: number) => {
    const kind = options.inspect;
    if (kind && !observe)
      inspector ??= kind === 'local' ? openLocalInspector() : openStatelyInspector();
    begun = Math.max(begun, mode);
    // Each tab's sessionStorage is its own; a flow in localStorage is every tab's.
    if (options.storage !== 'local') return drive();
    if (letGo) {
      if (holding) drive();
      return;
    }
    letGo = takeTabLock(
      storageKey,
      () => {
        elsewhere = true;
        notify();
      },
      () => {
        if (elsewhere) {
          // The other tab moved the flow on (or ended it: then ours learns how from the gateway).
          const latest = restore();
          if (latest) {
            flow.stop();
            use(latest);
          }
          elsewhere = false;
          notify();
        }
        holding = true;
        drive();
      },
    );
  };

  const browserFlow: BrowserFlow = {
    get actor() {
      return flow.actor;
    },
    getView,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    on(type, handler) {
      const entry = [type, handler as (event: FlowEmitted) => void] as const;
      handlers.add(entry);
      return () => handlers.delete(entry);
    },
    send: (event) => flow.send(event),
    persist: () => flow.persist(),
    whenDone: () => flow.whenDone(),
    start() {
      begin(1);
      return browserFlow;
    },
    run() {
      begin(2);
      return browserFlow;
    },
    stop() {
      unwatch?.();
      unwatch = undefined;
      letGo?.();
      letGo = undefined;
      holding = elsewhere = false;
      begun = 0;
      flow.stop();
      inspector?.stop();
      inspector = undefined;
    },
    discard() {
      flow.stop();
      saved?.clear();
      use(build());
      notify();
      if (begun && !elsewhere) flow.start();
    },
    upload,
    actions: createFlowActions({ send: (event) => flow.send(event), upload }),
    storageKey: saved ? storageKey : undefined,
  };
  return browserFlow;
}
