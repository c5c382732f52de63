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
 * A key that a JavaScript reader merging what it parsed (a gateway, a logger) would follow
 * into `Object.prototype`: `__proto__`, or `prototype` inside a `constructor`. No field of
 * the contract, nor of a kept flow, is named so; as a value the words are harmless.
 */
const rewritesPrototypes = (key: string, under: string | undefined): boolean =>
  key === '__proto__' || (key === 'prototype' && under === 'constructor');

/**
 * Objects and arrays nested deeper than this in a request are refused: no form of the
 * contract comes near it, and a gateway's parser (or a logger) that recurses may not survive
 * the 20,000 levels that fit in a body.
 */
export const MAX_JSON_DEPTH = 32;

/**
 * A lone surrogate: what a `\ud800` escape with no partner decodes to. No UTF-8 can carry
 * it, so a gateway reads it its own way: as U+FFFD, as an error, or not at all, which makes
 * `C_Alice\ud800` the `C_Alice` of another caller to a gateway that drops it.
 */
const LONE_SURROGATE = /\p{Cs}/u;

/** What strings a text may hold: any JSON string, or only those UTF-8 can carry. */
export type JsonStrings = 'any' | 'unicode';

/**
 * What makes a JSON text (already known to be valid) one the proxy will not take: a repeated
 * key, a key that rewrites prototypes, objects and arrays nested deeper than `maxDepth`, or
 * (unless `strings` is `'any'`) a key or value holding a lone surrogate.
 */
export const jsonTextProblem = (
  json: string,
  maxDepth = MAX_JSON_DEPTH,
  strings: JsonStrings = 'unicode',
): string | undefined => scan(json, maxDepth, strings === 'unicode');

/**
 * A repeated key is one twice inside one object, or two keys that are one ignoring case.
 * The proxy checks ownership on its own parse but forwards the original bytes; with a
 * repeated `executionId` (or an `ExecutionId` beside it), a gateway that keeps another value
 * than `JSON.parse` keeps would act on an execution the proxy never checked.
 */
function scan(json: string, maxDepth: number, unicodeOnly: boolean): string | undefined {
  // One entry per open container: the keys seen so far in an object, `null` for an array.
  const open: Array<Set<string> | null> = [];
  // Per open container, the key it is the value of ('' for none: the root, an array's item).
  const openedUnder: string[] = [];
  let lastKey = '';
  let expectingKey = false;
  for (let index = 0; index < json.length; index++) {
    const char = json[index];
    if (char === '"') {
      let end = index + 1;
      let escaped = false;
      while (json[end] !== '"') {
        escaped ||= json[end] === '\\';
        end += json[end] === '\\' ? 2 : 1;
      }
      // Only an escape can write a lone surrogate: the text itself was decoded from UTF-8.
      const text = escaped && unicodeOnly ? (JSON.parse(json.slice(index, end + 1)) as string) : '';
      if (LONE_SURROGATE.test(text)) {
        return 'a string that is not Unicode (a lone surrogate escape)';
      }
      const keys = open.at(-1);
      if (expectingKey && keys) {
        // Compare unescaped: "execution\u0049d" is the same key as "executionId".
        const key = JSON.parse(json.slice(index, end + 1)) as string;
        if (rewritesPrototypes(key, openedUnder.at(-1))) return 'a key that rewrites prototypes';
        const names = namesOf(key);
        if (names.some((name) => keys.has(name))) return 'a key is repeated';
        for (const name of names) keys.add(name);
        lastKey = key;
        expectingKey = false;
      }
      index = end;
    } else if (char === '{' || char === '[') {
      if (open.length >= maxDepth) return `nested more than ${maxDepth} deep`;
      openedUnder.push(open.at(-1) instanceof Set ? lastKey : '');
      open.push(char === '{' ? new Set() : null);
      expectingKey = char === '{';
    } else if (char === '}' || char === ']') {
      open.pop();
      openedUnder.pop();
      expectingKey = false;
    } else if (char === ',') {
      expectingKey = open.at(-1) instanceof Set;
    } else if (char === ':') {
      expectingKey = false;
    }
  }
  return undefined;
}
