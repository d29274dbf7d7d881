import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import type { Clock } from '../../src/platform/clock.ts';

export const CHROMIUM = process.env.STEWARD_E2E_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Debian's Chromium, headless, with nothing that talks to the network on its own. Never
 * downloads a browser: without /usr/bin/chromium the suite stops and says how to install it.
 * Playwright gives each launch a fresh, temporary user-data directory.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: install Debian's Chromium with \`apt-get install -y chromium\``);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * A fresh browser context (its own cookies) at the server's URL, with a readable viewport. With `clock`, the page's
 * `Date` reads that clock's time (timers still run), so the page's "today" is the server's.
 */
export async function newPage(
  browser: Browser,
  baseURL: string,
  clock?: Clock,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL, viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(60_000);
  if (clock) await context.clock.setFixedTime(clock.now());
  const page = await context.newPage();
  return { context, page };
}

/** Where screenshots go: STEWARD_E2E_SHOTS or a directory under the system temp dir. */
export function shotPath(name: string): string {
  const dir = process.env.STEWARD_E2E_SHOTS ?? join(tmpdir(), 'steward-e2e-shots');
  mkdirSync(dir, { recursive: true });
  return join(dir, `${name}.png`);
}
