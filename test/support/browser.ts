import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium, headless, with no network of its own (no component updates, no safe-browsing pings). */
export const CHROMIUM_OPTIONS = {
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
};

export function launchChromium(): Promise<Browser> {
  return chromium.launch(CHROMIUM_OPTIONS);
}

/** Every origin a browser context asked for something (to assert the portal talks only to its hub). */
export function recordOrigins(context: BrowserContext): Set<string> {
  const origins = new Set<string>();
  context.on('request', (request) => {
    const url = new URL(request.url());
    // data: and blob: URLs are the page's own bytes, not requests to a host.
    if (url.protocol === 'http:' || url.protocol === 'https:' || url.protocol === 'ws:' || url.protocol === 'wss:') origins.add(url.origin);
  });
  return origins;
}

// The project root from here, not cli.ts's: the portal bench loads this file outside vitest.
export const SCREENSHOT_DIR = join(import.meta.dirname, '..', '..', 'test-output', 'portal');

/** Saves a full-page screenshot under test-output/portal/ (kept after failures too). */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name.replace(/[^\w.-]+/g, '-')}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
