import { afterEach, describe, expect, it, vi } from 'vitest';
import announceMissingServices from './announce-services.js';
import { chromiumPath, redisServerPath, servicesRequired } from './service-paths.js';

/** How a machine without Chromium is seen, and simulated (README: `CHROMIUM_PATH=/nonexistent`). */
describe('the real services a suite needs', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it('takes the variable when it names an executable, and nothing else then', () => {
    vi.stubEnv('CHROMIUM_PATH', process.execPath);
    expect(chromiumPath()).toBe(process.execPath);
    vi.stubEnv('CHROMIUM_PATH', '/nonexistent');
    expect(chromiumPath()).toBeUndefined();
    vi.stubEnv('REDIS_SERVER_PATH', '/nonexistent');
    expect(redisServerPath()).toBeUndefined();
  });

  it('says once, loudly, that the browser suites are skipped (or fails where they are required)', () => {
    vi.stubEnv('CHROMIUM_PATH', '/nonexistent');
    vi.stubEnv('REDIS_SERVER_PATH', process.execPath);
    const lines: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    });
    if (servicesRequired) {
      expect(() => announceMissingServices()).toThrow(/Chromium is required here/);
      return;
    }
    announceMissingServices();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /!!! Chromium not found: its suites are SKIPPED\. Install it \(.*CHROMIUM_PATH/,
    );
  });
});
