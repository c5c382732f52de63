/**
 * The names a gateway's parser may take a key for: itself, and its case-folded forms. Many
 * JSON binders match property names ignoring case (Newtonsoft's default, Jackson's
 * ACCEPT_CASE_INSENSITIVE_PROPERTIES), some by upper-casing (where `executıonId`, with a
 * dotless ı, is `EXECUTIONID`), some by lower-casing (where the Kelvin sign is a `k`).
 */
const namesOf = (key: string): readonly string[] => [
  `upper:${key.toUpperCase()}`,
  `lower:${key.toLowerCase()}`,
];

/**
 * Whether a JSON text (already known to be valid) repeats a key inside one object, or has
 * two keys that are one ignoring case. The proxy checks ownership on its own parse but
 * forwards the original bytes; with a repeated `executionId` (or an `ExecutionId` beside
 * it), a gateway that keeps another value than `JSON.parse` keeps would act on an execution
 * the proxy never checked.
 */
export const hasDuplicateKeys = (json: string): boolean => {
  // One entry per open container: the keys seen so far in an object, `null` for an array.
  const open: Array<Set<string> | null> = [];
  let expectingKey = false;
  for (let index = 0; index < json.length; index++) {
    const char = json[index];
    if (char === '"') {
      let end = index + 1;
      while (json[end] !== '"') end += json[end] === '\\' ? 2 : 1;
      const keys = open.at(-1);
      if (expectingKey && keys) {
        // Compare unescaped: "execution\u0049d" is the same key as "executionId".
        const key = JSON.parse(json.slice(index, end + 1)) as string;
        const names = namesOf(key);
        if (names.some((name) => keys.has(name))) return true;
        for (const name of names) keys.add(name);
        expectingKey = false;
      }
      index = end;
    } else if (char === '{') {
      open.push(new Set());
      expectingKey = true;
    } else if (char === '[') {
      open.push(null);
      expectingKey = false;
    } else if (char === '}' || char === ']') {
      open.pop();
      expectingKey = false;
    } else if (char === ',') {
      expectingKey = open.at(-1) instanceof Set;
    } else if (char === ':') {
      expectingKey = false;
    }
  }
  return false;
};
