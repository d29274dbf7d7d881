import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { Clock } from '../../src/platform/clock.ts';
import { launchChromium } from './browser.ts';
import { type E2EServer, startE2EServer } from './server.ts';

/**
 * A fresh Steward and a Chromium for the describe block it is called in: both start before
 * its tests and stop after them. Read `server` and `browser` inside the tests. `options.clock`
 * is the server's clock, so the test's dates are the server's.
 */
export function e2eSuite(options: { clock?: Clock } = {}): { server: E2EServer; browser: Browser } {
  const suite = {} as { server: E2EServer; browser: Browser };
  beforeAll(async () => {
    suite.server = await startE2EServer({}, { clock: options.clock });
    suite.browser = await launchChromium();
  });
  afterAll(async () => {
    await suite.browser?.close();
    await suite.server?.stop();
  });
  return suite;
}
