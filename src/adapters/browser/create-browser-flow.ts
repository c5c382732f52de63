import type { InspectionEvent } from 'xstate';
import { FlowInputError } from '../../machine/flow-error.js';
import { createFlowOverClient, type KycFlow } from '../../machine/flow-over-client.js';
import type { PersistedFlow } from '../../machine/types.js';
import type { DocumentFile } from '../../services/wire/records.js';
import { storageKeyOf } from './customer-key.js';
import { createFlowActions } from './flow-actions.js';
import { resolveFlowStore } from './flow-store.js';
import { createGate } from './gate.js';
import { gatedClient } from './gated-client.js';
import { readPage, watchPage } from './page-signals.js';
import { createProgressUploader, type ProgressUploader } from './progress-upload.js';
import {
  createProxyClient,
  createProxyUploader,
  type ProxyClientOptions,
} from './proxy-transport.js';
import { type SavedFlow, savedFlow } from './saved-flow.js';
import { type BrowserInspector, openStatelyInspector } from './stately-inspector.js';
import type { BrowserFlow, BrowserFlowOptions, Upload, UploadOptions } from './types.js';
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
    const result = await upload(input, call.signal ? { signal: call.signal } : {});
    call.onProgress?.({ loaded: input.file.size, total: input.file.size });
    return result;
  };
  return uploader;
};

/** The flow over a saved snapshot, or a fresh one when there is none or it cannot be read. */
const restoreOrCreate = (
  create: (snapshot?: PersistedFlow) => KycFlow,
  saved: SavedFlow | undefined,
): KycFlow => {
  const snapshot = saved?.read();
  if (!snapshot) return create();
  try {
    return create(snapshot);
  } catch {
    // A snapshot from an older version of the chart, or edited by hand: start over.
    saved?.clear();
    return create();
  }
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

  const transport: ProxyClientOptions = {
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.headers ? { headers: options.headers } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    ...(options.retry ? { retry: options.retry } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
  };
  const gate = createGate();
  const waits = createWakeableSleep();
  const client = gatedClient(() => createProxyClient(options.proxyUrl, transport), gate);
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

  const flow = restoreOrCreate(
    (snapshot) =>
      createFlowOverClient(
        {
          customer: options.customer,
          ...(snapshot ? { snapshot } : {}),
          ...(options.polling ? { polling: options.polling } : {}),
          ...(inspect ? { inspect } : {}),
          sleep: waits.sleep,
        },
        client,
      ),
    saved,
  );

  const save = () => {
    const snapshot = flow.actor.getSnapshot();
    if (snapshot.status === 'done') saved?.clear();
    else if (snapshot.status === 'active') saved?.write(flow.persist());
  };
  flow.actor.subscribe({ next: save, error: () => undefined });

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
    const { url } = await uploader(
      { file, filename, executionId },
      {
        ...(uploadOptions.onProgress ? { onProgress: uploadOptions.onProgress } : {}),
        ...(uploadOptions.signal ? { signal: uploadOptions.signal } : {}),
      },
    );
    return {
      url,
      filename,
      ...(file.type ? { content_type: file.type } : {}),
      size: file.size,
    };
  };

  const browserFlow: BrowserFlow = {
    ...flow,
    start() {
      if (options.inspect === true) inspector ??= openStatelyInspector();
      watch();
      flow.start();
      return browserFlow;
    },
    run() {
      browserFlow.start();
      if (flow.getView().step === 'idle') flow.send({ type: 'START' });
      save();
      return browserFlow;
    },
    stop() {
      unwatch?.();
      unwatch = undefined;
      flow.stop();
      inspector?.stop();
      inspector = undefined;
    },
    discard() {
      browserFlow.stop();
      saved?.clear();
    },
    upload,
    actions: createFlowActions({ send: (event) => flow.send(event), upload }),
    storageKey: saved ? storageKey : undefined,
  };
  return browserFlow;
}
