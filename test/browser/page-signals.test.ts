import { afterEach, describe, expect, it, vi } from 'vitest';
import { pageSignals } from '../../src/adapters/browser/page-signals.js';

/** A stand-in for the page's `document`, `window` and `navigator`. */
const stubPage = () => {
  const document = Object.assign(new EventTarget(), { visibilityState: 'visible' });
  const window = new EventTarget();
  const navigator = { onLine: true };
  vi.stubGlobal('document', document);
  vi.stubGlobal('window', window);
  vi.stubGlobal('navigator', navigator);
  return {
    hide() {
      document.visibilityState = 'hidden';
      document.dispatchEvent(new Event('visibilitychange'));
    },
    offline() {
      navigator.onLine = false;
      window.dispatchEvent(new Event('offline'));
    },
    online() {
      navigator.onLine = true;
      window.dispatchEvent(new Event('online'));
    },
  };
};

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('pageSignals', () => {
  it('reads visible and online, the same object until one of them changes', () => {
    const page = stubPage();
    const first = pageSignals.getSnapshot();
    expect(first).toEqual({ visible: true, online: true });
    expect(pageSignals.getSnapshot()).toBe(first);
    page.offline();
    const offline = pageSignals.getSnapshot();
    expect(offline).toEqual({ visible: true, online: false });
    expect(pageSignals.getSnapshot()).toBe(offline);
    page.hide();
    expect(pageSignals.getSnapshot()).toEqual({ visible: false, online: false });
  });

  it('tells subscribers of visibility and network changes until they unsubscribe', () => {
    const page = stubPage();
    const onChange = vi.fn();
    const unsubscribe = pageSignals.subscribe(onChange);
    page.offline();
    page.online();
    page.hide();
    expect(onChange).toHaveBeenCalledTimes(3);
    unsubscribe();
    page.offline();
    expect(onChange).toHaveBeenCalledTimes(3);
  });

  it('counts as visible and online where there is no page (server rendering)', () => {
    expect(typeof window).toBe('undefined');
    expect(pageSignals.getServerSnapshot()).toEqual({ visible: true, online: true });
    expect(pageSignals.getSnapshot()).toEqual({ visible: true, online: true });
    expect(pageSignals.subscribe(() => undefined)).toBeTypeOf('function');
  });
});
