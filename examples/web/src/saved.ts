/** A small JSON note of the demo's own in the page's storage; bad or missing notes read as `fallback`. */
export function readNote<T>(storage: Storage, key: string, fallback: T): T {
  try {
    const text = storage.getItem(key);
    return text === null ? fallback : (JSON.parse(text) as T);
  } catch {
    return fallback;
  }
}

export function writeNote(storage: Storage, key: string, value: unknown): void {
  try {
    storage.setItem(key, JSON.stringify(value));
  } catch {
    // A full or blocked storage only costs the note after a reload.
  }
}

/** Storage for this page alone, in memory: what the demo's notes fall back to. */
const memoryStorage = (): Storage => {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (index) => [...items.keys()][index] ?? null,
    removeItem: (key) => {
      items.delete(key);
    },
    setItem: (key, value) => {
      items.set(key, String(value));
    },
  };
};

/**
 * The page's web storage, or memory where the browser blocks it (reading the property
 * throws in sandboxed frames and some privacy modes): the notes are then lost on a reload,
 * and the page still works.
 */
export function pageStorage(name: 'localStorage' | 'sessionStorage'): Storage {
  try {
    return window[name];
  } catch {
    return memoryStorage();
  }
}
