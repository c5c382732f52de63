import type { InspectionEvent } from 'xstate';
import type { KycFlow } from '../../machine/create-kyc-flow.js';
import type { PollingOptions } from '../../machine/polling.js';
import type { FlowCustomer, FlowView } from '../../machine/types.js';
import type { RetryPolicy } from '../../services/types.js';
import type { DocumentFile } from '../../services/wire/records.js';
import type { FlowActions } from './flow-actions.js';

/** Where a flow is kept across reloads: `sessionStorage`, `localStorage`, or your own. */
export interface FlowStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface BrowserFlowOptions {
  /** The host's signing proxy (`createGatewayProxy` on the server); relative URLs resolve against the page. */
  readonly proxyUrl: string | URL;
  /** Who is onboarded. A `customerId` (or else the email or phone) keys the saved flow. */
  readonly customer: FlowCustomer;
  /**
   * Default `'session'` (`sessionStorage`); `'local'` survives closing the tab and is shared
   * by the site's tabs: one tab at a time drives the flow (Web Locks), the others show it
   * with `drivenElsewhere` and take over when that tab closes; `false` keeps nothing.
   */
  readonly storage?: 'session' | 'local' | false | FlowStore;
  /** Prefix of the storage key; the customer is appended. Default `'kyc-flow'`. */
  readonly storageKey?: string;
  /**
   * Watch the chart, personal data redacted, each inspector loaded on demand:
   * `'stately'` (or `true`) opens the Stately inspector (its interface loads from
   * stately.ai); `'local'` sends nothing outside the site: the chart's changes and events
   * go to the `BroadcastChannel` `LOCAL_INSPECTOR_CHANNEL` for a panel of your own. A
   * function hears every raw inspection event (redact before showing it anywhere).
   */
  readonly inspect?: boolean | 'local' | 'stately' | ((event: InspectionEvent) => void);
  readonly polling?: Partial<PollingOptions>;
  /** The `fetch` that reaches the proxy (a wrapper that traces, a test double). */
  readonly fetch?: typeof globalThis.fetch;
  /** Headers for the proxy on every call (bearer token, CSRF); a function is asked each time. */
  readonly headers?: HeadersInit | (() => HeadersInit | Promise<HeadersInit>);
  /** Default `'same-origin'`: a session cookie of the host's own site. */
  readonly credentials?: RequestCredentials;
  readonly retry?: Partial<RetryPolicy>;
  readonly timeoutMs?: number;
  /**
   * There is no secret in a browser: the proxy signs. Typed `never` so that passing one
   * does not compile, and refused at run time for plain JavaScript callers.
   */
  readonly apiSecret?: never;
}

export interface UploadProgress {
  readonly loaded: number;
  /** `undefined` while the browser does not know the size yet. */
  readonly total?: number;
}

export interface UploadOptions {
  /** Defaults to the `File`'s name, else `upload`. */
  readonly filename?: string;
  readonly onProgress?: (progress: UploadProgress) => void;
  readonly signal?: AbortSignal;
}

/** A file or its bytes, as a file input or a canvas capture gives it. */
export type Upload = Blob | File;

/** The view, and whether another tab drives this flow (`storage: 'local'`). */
export interface BrowserFlowView extends FlowView {
  /**
   * Another tab of the site runs this saved flow: this one neither polls nor submits, and
   * shows a view that does not move. It takes over when that tab closes or stops the flow.
   */
  readonly drivenElsewhere?: true;
}

export interface BrowserFlow extends KycFlow {
  getView(): BrowserFlowView;
  subscribe(listener: (view: BrowserFlowView) => void): () => void;
  /**
   * Starts the flow, or carries on where the saved one stopped: START goes only to a
   * fresh flow, so a reload never registers or starts again. Idempotent.
   */
  run(): BrowserFlow;
  /** Puts a file in the vendor's storage through the proxy, for the current execution. */
  upload(file: Upload, options?: UploadOptions): Promise<DocumentFile>;
  /** Typed senders; the ones that take files upload them first. */
  readonly actions: FlowActions;
  /** The storage key of this customer's saved flow (`undefined` when nothing is kept). */
  readonly storageKey: string | undefined;
  /**
   * Forgets the saved flow and puts a fresh one for the same customer in its place (a
   * "start again" button): the old one stops, subscribers and `on` handlers stay and see
   * the new one, idle, started if the old one was. `run()` (or START) begins again; a
   * component that leaves just unmounts. `whenDone()` asked before follows the old flow.
   */
  discard(): void;
}
