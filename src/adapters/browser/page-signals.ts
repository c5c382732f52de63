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
