import { describe, expect, it } from 'vitest';
import { printable } from '../../src/adapters/node/cli/printable.js';

describe('gateway text made printable', () => {
  it('writes line breaks, tabs and escapes as JSON escapes them, on one line', () => {
    expect(printable('flow_action_x\nAPPROVED (execution exec-fake)\r\n\u001b[2K\tdone')).toBe(
      'flow_action_x\\nAPPROVED (execution exec-fake)\\r\\n\\u001b[2K\\tdone',
    );
  });

  it('escapes DEL, C1 controls, line and paragraph separators and bidi controls too', () => {
    const sneaky = ['\u007f', '\u0085', '\u009b', '\u2028', '\u2029', '\u202e', '\u2066', '\u200f'];
    expect(printable(sneaky.join(''))).toBe(
      '\\u007f\\u0085\\u009b\\u2028\\u2029\\u202e\\u2066\\u200f',
    );
  });

  it('makes invisible format characters visible: zero width, soft hyphen, BOM, tags', () => {
    const hidden = 'ja\u200bne\u200c\u200d\u2060\ufeff\u00ad.doe@exam\u{e0041}ple.com';
    expect(printable(hidden)).toBe(
      'ja\\u200bne\\u200c\\u200d\\u2060\\ufeff\\u00ad.doe@exam\\udb40\\udc41ple.com',
    );
    // As JSON escapes a character outside the BMP: a line of NDJSON parses to the same text.
    expect(JSON.parse(printable(JSON.stringify({ hidden })))).toEqual({ hidden });
  });

  it('leaves ordinary text as it is, accents, symbols and backslashes included', () => {
    const text = 'FAILED (execution exec-1): Zoë · 名前 — C:\\temp ⠋ [redacted]';
    expect(printable(text)).toBe(text);
  });

  it('keeps a JSON line valid and its meaning the same', () => {
    const value = { nodeType: 'x\n\u0085\u2028\u202e\u007f"\\', at: 1 };
    const line = printable(JSON.stringify(value));
    expect(line).not.toMatch(/[\p{Cc}\p{Zl}\p{Zp}\p{Bidi_Control}]/u);
    expect(JSON.parse(line)).toEqual(value);
  });
});
