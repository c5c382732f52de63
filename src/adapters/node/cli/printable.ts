/**
 * Characters a terminal or a log reader acts on instead of showing: the controls (`Cc`: C0
 * with line breaks, carriage return, tab and ESC, DEL, C1 with NEL and an 8-bit CSI), the
 * Unicode line and paragraph separators (`Zl`, `Zp`), and the bidi embeddings, overrides,
 * isolates and marks (`Bidi_Control`) that reorder what is shown.
 */
const UNPRINTABLE = /[\p{Cc}\p{Zl}\p{Zp}\p{Bidi_Control}]/gu;

const SHORT_ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * `text` with every character of `UNPRINTABLE` written as its JSON escape (`\n`, `\u001b`).
 * Whatever a gateway says (a node type, an apiMsg, an error's code and message, a status,
 * a reason) is its text, not ours: raw, a line break in it would print a line of its own
 * making (a forged `APPROVED (execution …)` above the real outcome), and an escape sequence
 * would erase or repaint what we printed. Escaped, it stays on the line we put it on, and
 * what it tried is visible. JSON's own escapes, so that a line of NDJSON stays valid JSON
 * and means the same once its text is passed through here. A backslash is left as it is:
 * a gateway writing `\n` itself forges nothing.
 */
export const printable = (text: string): string =>
  text.replace(
    UNPRINTABLE,
    (character) =>
      SHORT_ESCAPES[character] ?? `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
