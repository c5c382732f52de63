import type { InspectionEvent } from 'xstate';
import type { KycFlow } from '../../machine/create-kyc-flow.js';
import type { PollingOptions } from '../../machine/polling.js';
import type { FlowCustomer, FlowStep, FlowView } from '../../machine/types.js';
import type { RetryPolicy } from '../../services/types.js';
import type { DocumentFile } from '../../services/wire/records.js';
import type { FlowActions } from './flow-actions.js';

/** Where a flow is kept across reloads: `sessionStorage`, `localStorage`, or your own. */
export interface FlowStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/**
 * A browser flow's options: `customer` is required unless the page continues a handoff
 * (`handoff` a token), whose flow names its customer.
 */
export type BrowserFlowOptions = CustomerFlowOptions | HandedOverFlowOptions;

/** The flow of the customer the page names (or, given a link's token, the flow handed over). */
export interface CustomerFlowOptions extends BrowserFlowSettings {
  /** Who is onboarded. A `customerId` (or else the email or phone) keys the saved flow. */
  readonly customer: FlowCustomer;
}

/** The flow another device handed over: the link's token names it, and so its customer. */
export interface HandedOverFlowOptions extends BrowserFlowSettings {
  readonly customer?: FlowCustomer;
  readonly handoff: string;
}

/** What every browser flow takes, whoever it onboards. */
interface BrowserFlowSettings {
  /** The host's signing proxy (`createGatewayProxy` on the server); relative URLs resolve against the page. */
  readonly proxyUrl: string | URL;
  /**
   * Default `'session'` (`sessionStorage`); `'local'` survives closing the tab and is shared
   * by the site's tabs: one tab at a time drives the flow (Web Locks), the others show it
   * with `drivenElsewhere` and take over when that tab closes; `'server'` is kept by your
   * proxy for the signed-in caller (`flow.save`, `flow.load`): it survives closing every
   * tab, the browser's tabs take turns as with `'local'`, and another device can continue
   * it (`handoff()`); `false` keeps nothing.
   */
  readonly storage?: 'session' | 'local' | 'server' | false | FlowStore;
  /**
   * The token of the handoff link this page was opened with (`readHandoffToken()`): the
   * flow continues the verification another device handed over, from the proxy's kept
   * snapshot, takes the steps it was asked to, then hands it back. Opened once; a reload
   * carries on (the tab remembers that it took it). `undefined` (what `readHandoffToken()`
   * gives a page opened without a link) is no handoff.
   */
  readonly handoff?: string | undefined;
  /** The address of a handoff link; default this page's, without its query, and `#kyc-handoff=<token>`. */
  readonly handoffUrl?: (token: string) => string;
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
  /**
   * How long (real ms) the execution may show a status the guide does not list before the
   * flow stops in `needsAttention` (`UNKNOWN_STATUS`) instead of a spinner with no end;
   * RETRY reads again. Default 10 min, as `runHeadless`'s option of the same name.
   */
  readonly maxUnknownStatusMs?: number;
  /** The `fetch` that reaches the proxy (a wrapper that traces, a test double). */
  readonly fetch?: typeof globalThis.fetch;
  /** Headers for the proxy on every call (bearer token, CSRF); a function is asked each time. */
  readonly headers?: HeadersInit | (() => HeadersInit | Promise<HeadersInit>);
  /** Default `'same-origin'`: a session cookie of the host's own site. */
  readonly credentials?: RequestCredentials;
  readonly retry?: Partial<RetryPolicy>;
  /** Per attempt of a call (default 10 s); not of an upload, which ends only when it stalls. */
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

/**
 * Where a handoff ("continue on your phone") stands. On the device that hands off:
 * `offered` (a link waits to be opened: `url`, `expiresAt`), `expired` (nobody opened it in
 * time), `away` (the other device drives the flow; this one shows its progress and calls
 * nothing). On the device that takes over: `opening`, `here` (it drives), `returned` (its
 * steps are done and the first device carries on), `ended` (the link could not be used,
 * or the first device took the flow back).
 */
export interface HandoffState {
  readonly status: 'offered' | 'expired' | 'away' | 'opening' | 'here' | 'returned' | 'ended';
  /** While `offered`: the one-time link, for a QR code and a copy button. */
  readonly url?: string;
  /** While `offered`: when the link stops working (ms since the epoch). */
  readonly expiresAt?: number;
}

/** The view, whether another tab or device drives this flow, and where a handoff stands. */
export interface BrowserFlowView extends FlowView {
  /**
   * Another tab of the site (`storage: 'local'` or `'server'`) or the device the flow was
   * handed to runs it: this one neither polls nor submits. The view of another tab does not
   * move; the view of a handed-off flow follows the other device's progress. This page
   * takes over when the other lets go (a tab closes; a device hands back or falls silent).
   */
  readonly drivenElsewhere?: true;
  readonly handoffState?: HandoffState;
}

/** What the other device is asked to do: the steps it takes before it hands back. */
export interface HandoffRequest {
  /** Default: the ID document, the details read from it, the selfie. */
  readonly steps?: readonly FlowStep[];
}

export interface HandoffLink {
  /** Opened once, by another device, before `expiresAt`; carries no personal data. */
  readonly url: string;
  readonly token: string;
  readonly expiresAt: number;
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
  /**
   * "Continue on your phone" (with `storage: 'server'`): asks the proxy for a one-time
   * link to this flow, which `handoffState` shows as `offered`. The device that opens it
   * (`createBrowserFlow({ handoff })`) takes the steps asked for, then hands back; while it
   * drives, this page shows `away`, calls nothing, and takes over when it is done. Rejects
   * with a `TypeError` before the execution exists, or with another storage.
   */
  handoff(request?: HandoffRequest): Promise<HandoffLink>;
  /** Withdraws an open link, or takes the flow back from the other device, and carries on here. */
  takeBack(): Promise<void>;
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
