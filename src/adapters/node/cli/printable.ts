/**
 * Characters a terminal or a log reader acts on instead of showing, or does not show at all:
 * the controls (`Cc`: C0 with line breaks, carriage return, tab and ESC, DEL, C1 with NEL and
 * an 8-bit CSI), the Unicode line and paragraph separators (`Zl`, `Zp`), the bidi embeddings,
 * overrides, isolates and marks (`Bidi_Control`) that reorder what is shown, and the other
 * format characters (`Cf`: zero width spaces and joiners, word joiner, soft hyphen, byte
 * order mark, tags) that hide inside a word and make it another string that reads the same.
 */
const UNPRINTABLE = /[\p{Cc}\p{Zl}\p{Zp}\p{Bidi_Control}\p{Cf}]/gu;

const SHORT_ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** `\uXXXX` per UTF-16 unit, as JSON writes a character outside the BMP (a tag): a surrogate pair. */
const unicodeEscape = (character: string): string =>
  Array.from(
    { length: character.length },
    (_, index) => `\\u${character.charCodeAt(index).toString(16).padStart(4, '0')}`,
  ).join('');

/**
 * `text` with every character of `UNPRINTABLE` written as its JSON escape (`\n`, `\u001b`).
 * Whatever a gateway says (a node type, an apiMsg, an error's code and message, a status,
 * a reason) is its text, not ours: raw, a line break in it would print a line of its own
 * making (a forged `APPROVED (execution …)` above the real outcome), an escape sequence
 * would erase or repaint what we printed, and a zero width space inside a name would make
 * it another string that reads the same. Escaped, it stays on the line we put it on, and
 * what it tried is visible. JSON's own escapes, so that a line of NDJSON stays valid JSON
 * and means the same once its text is passed through here. A backslash is left as it is:
 * a gateway writing `\n` itself forges nothing.
 */
export const printable = (text: string): string =>
  text.replace(UNPRINTABLE, (character) => SHORT_ESCAPES[character] ?? unicodeEscape(character));
