/**
 * Whether a JSON text (already known to be valid) repeats a key inside one object.
 * The proxy checks ownership on its own parse but forwards the original bytes; with a
 * repeated `executionId`, a gateway that keeps the first value where `JSON.parse` keeps the
 * last would act on an execution the proxy never checked.
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
        if (keys.has(key)) return true;
        keys.add(key);
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
