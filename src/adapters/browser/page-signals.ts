/** What the page tells the flow: whether anyone can see it, whether the network is there. */
export interface PageSignals {
  onVisibility(visible: boolean): void;
  onConnection(online: boolean): void;
}

export interface PageState {
  readonly visible: boolean;
  readonly online: boolean;
}

/** The page now; outside a browser (SSR, Node) it counts as visible and online. */
export const readPage = (): PageState => ({
  visible: typeof document === 'undefined' || document.visibilityState !== 'hidden',
  online: typeof navigator === 'undefined' || navigator.onLine !== false,
});

/**
 * Listens to `visibilitychange`, `online` and `offline`; returns the unsubscribe. A no-op
 * where there is no DOM, so a flow built during server rendering stays harmless.
 */
export const watchPage = (signals: PageSignals): (() => void) => {
  const listening = new AbortController();
  const { signal } = listening;
  if (typeof document !== 'undefined') {
    document.addEventListener('visibilitychange', () => signals.onVisibility(readPage().visible), {
      signal,
    });
  }
  if (typeof window !== 'undefined') {
    window.addEventListener('online', () => signals.onConnection(true), { signal });
    window.addEventListener('offline', () => signals.onConnection(false), { signal });
  }
  return () => listening.abort();
};

/**
 * The page's visibility and network as one external store, in the shape React's
 * `useSyncExternalStore` takes: the one place the adapters learn whether the page is
 * visible and online.
 */
export interface PageSignalStore {
  /** Calls `onChange` when visibility or the network may have changed; returns the unsubscribe. */
  subscribe(onChange: () => void): () => void;
  /** The page now: the same object until visibility or the network changes. */
  getSnapshot(): PageState;
  /** During server rendering: visible and online. */
  getServerSnapshot(): PageState;
}

const SERVER_PAGE: PageState = { visible: true, online: true };
let lastPage: PageState = SERVER_PAGE;

export const pageSignals: PageSignalStore = {
  subscribe: (onChange) => watchPage({ onVisibility: onChange, onConnection: onChange }),
  getSnapshot() {
    const page = readPage();
    if (page.visible !== lastPage.visible || page.online !== lastPage.online) lastPage = page;
    return lastPage;
  },
  getServerSnapshot: () => SERVER_PAGE,
};
