import type { BrowserFlowOptions, FlowStore } from './types.js';

const webStorage = (name: 'sessionStorage' | 'localStorage'): FlowStore | undefined => {
  try {
    // Reading the property itself throws where storage is blocked (sandboxed frames, some privacy modes).
    const storage = globalThis[name] as Storage | undefined;
    return storage ?? undefined;
  } catch {
    return undefined;
  }
};

/**
 * The store an option names; `undefined` when nothing is to be kept in the browser (`false`,
 * or `'server'`: the proxy keeps it), or nothing can be.
 */
export const resolveFlowStore = (option: BrowserFlowOptions['storage']): FlowStore | undefined => {
  if (option === undefined || option === 'session') return webStorage('sessionStorage');
  if (option === 'local') return webStorage('localStorage');
  return typeof option === 'object' ? option : undefined;
};
