import { describe, expect, it } from 'vitest';
import {
  BUNDLE_BUDGET_BYTES,
  BUNDLE_CEILING_BYTES,
  browserEntry,
  bundleSize,
} from '../../bench/bundle.js';

describe('browser bundle', () => {
  it('does not grow past its ceiling (the 30 KB budget once met)', async () => {
    const entry = browserEntry();
    const size = await bundleSize(entry.path, entry.contents);
    const over = size.gzipBytes - BUNDLE_BUDGET_BYTES;
    expect(
      size.gzipBytes,
      `${entry.path}: ${size.gzipBytes} B gzipped, ${over > 0 ? `${over} B over` : 'within'} the budget; \`npm run bench -- --only bundle\` shows where the bytes go`,
    ).toBeLessThanOrEqual(BUNDLE_CEILING_BYTES);
  });
});
