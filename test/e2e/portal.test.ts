/**
 * The web portal in real headless Chromium (Debian's, driven by playwright-core) against a hub on loopback
 * with ingested demo products: what a person does with it, checked against what the public APIs answer.
 * Every test saves a screenshot under test-output/portal/, and the browser never asks any host but the hub.
 */
import { readFile } from 'node:fs/promises';
import { createBLAKE3 } from 'hash-wasm';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { evictProduct } from '../../src/archive/index.ts';
import type { Hub } from '../../src/hub/index.ts';
import { ingestPaths } from '../../src/ingest/index.ts';
import { buildStacSearch } from '../../web/src/lib/cql2.ts';
import { quicklookPlacement, type PlaceableItem } from '../../web/src/lib/quicklook-corners.ts';
import { decodeSearchState } from '../../web/src/lib/search-state.ts';
import { launchChromium, recordOrigins, saveScreenshot } from '../support/browser.ts';
import { freePort } from '../support/cli.ts';
import { demoProductPaths } from '../support/demo-products.ts';
import { ADMIN_HEADERS, buildTestHub } from '../support/hub.ts';
import { runJobsUntilIdle } from '../support/jobs.ts';
import { withDb } from '../support/with-db.ts';

interface Item {
  id: string;
  collection: string;
  assets: Record<string, { href: string; title?: string; 'file:checksum'?: string; 'file:size'?: number }>;
}

async function blake3Multihash(bytes: Uint8Array): Promise<string> {
  const hasher = await createBLAKE3();
  hasher.init();
  hasher.update(bytes);
  return `1e20${hasher.digest('hex')}`;
}

/** How long the page may take to show what is expected (a search, a map, a download) on a busy machine. */
const POLL = { timeout: 20_000 };

/** Asks the page's map handle (web/src/app.tsx puts it on window) something; the page's JavaScript, as text. */
const askMap = <T>(page: Page, expression: string): Promise<T> => page.evaluate(`window.eohubPortalMap.${expression}`) as Promise<T>;

const listedNames = (page: Page): Promise<string[]> =>
  page.locator('[data-testid=result]').evaluateAll((els) => els.map((e) => e.getAttribute('data-id') ?? ''));

withDb('the web portal in Chromium', (ctx) => {
  let hub: Hub;
  let base: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let origins: Set<string>;
  const password = 'alice portal password';

  /** What the STAC API answers for the search the portal's URL describes (first page, as the portal asks). */
  async function apiAnswer(url: string): Promise<{ ids: string[]; numberMatched: number }> {
    const body = buildStacSearch(decodeSearchState(new URL(url).search), 20);
    const response = await fetch(`${base}/stac/search`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const page = (await response.json()) as { features: Item[]; numberMatched: number };
    return { ids: page.features.map((f) => f.id), numberMatched: page.numberMatched };
  }

  async function openPortal(path = '/'): Promise<void> {
    await page.goto(`${base}${path}`);
    await page.locator('[data-testid=map][data-ready=true]').waitFor();
    await page.locator('[data-testid=result-count]').waitFor();
  }

  beforeAll(async () => {
    const port = await freePort();
    hub = await buildTestHub(ctx.db, { port, publicUrl: `http://127.0.0.1:${port}` });
    const result = await ingestPaths(hub.deps.ingest, await demoProductPaths(24, 'portal'), { concurrency: 2 });
    expect(result.outcomes.filter((o) => o.status === 'failed')).toEqual([]);
    await hub.deps.auth.users.addUser({ username: 'alice', password });
    // As on CDSE: Sentinel-1 downloads need an account, while this hub's other collections stay open.
    const policy = await hub.app.inject({
      method: 'PUT',
      url: '/admin/collections/SENTINEL-1/access',
      headers: ADMIN_HEADERS,
      payload: { policy: 'registered' },
    });
    expect(policy.statusCode).toBe(200);
    await hub.app.listen({ host: '127.0.0.1', port });
    base = `http://127.0.0.1:${port}`;
    browser = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });

  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
    origins = recordOrigins(context);
    page = await context.newPage();
  });

  afterEach(async (test) => {
    await saveScreenshot(page, `${ctx.backend}-${test.task.name}`);
    await context.close();
    // The portal asked nothing of any host but its hub (no tiles, fonts or scripts from elsewhere).
    expect([...origins]).toEqual([base]);
  });

  it('draws a rectangle, searches it, and lists exactly the products the STAC API finds for that search', async () => {
    await openPortal();
    await page.getByTestId('draw-rectangle').click();
    const map = await page.getByTestId('map').boundingBox();
    if (!map) throw new Error('the map has no box');
    await page.mouse.click(map.x + map.width * 0.2, map.y + map.height * 0.2);
    await page.mouse.click(map.x + map.width * 0.8, map.y + map.height * 0.85);
    await expect.poll(() => page.url(), POLL).toContain('aoi=');
    const expected = await apiAnswer(page.url());
    expect(expected.ids.length).toBeGreaterThan(0);
    await expect.poll(() => listedNames(page), POLL).toEqual(expected.ids);
    expect(await page.getByTestId('result-count').getAttribute('data-count')).toBe(String(expected.numberMatched));
    expect(await askMap<number>(page, 'footprintCount()')).toBe(expected.ids.length);
  });

  it('highlights the footprint of the hovered result, and the result of the hovered footprint', async () => {
    await openPortal('/?collections=SENTINEL-2');
    const first = page.locator('[data-testid=result]').first();
    const id = await first.getAttribute('data-id');
    await first.hover();
    const highlighted = (): Promise<string | null> => askMap(page, 'highlighted()');
    await expect.poll(highlighted, POLL).toBe(id);
    // The other way: the mouse over a footprint's centre marks its row in the list.
    const item = (await (await fetch(`${base}/stac/collections/SENTINEL-2/items/${encodeURIComponent(id ?? '')}`)).json()) as {
      bbox: number[];
    };
    const [w = 0, s = 0, e = 0, n = 0] = item.bbox;
    const point = await askMap<{ x: number; y: number }>(page, `pagePoint(${(w + e) / 2}, ${(s + n) / 2})`);
    await page.mouse.move(10, 10);
    await page.mouse.move(point.x, point.y, { steps: 3 });
    await expect.poll(highlighted, POLL).not.toBeNull();
    const hoveredRow = page.locator('[data-testid=result].hovered');
    await expect.poll(() => hoveredRow.count(), POLL).toBe(1);
    expect(await hoveredRow.getAttribute('data-id')).toBe(await highlighted());
  });

  it('opens a product, folds its file tree from the keyboard, and downloads one nested file with the bytes the catalogue lists', async () => {
    await openPortal('/?collections=SENTINEL-2');
    await page.getByTestId('open-result').first().click();
    const panel = page.getByTestId('product-panel');
    await panel.waitFor();
    expect(await panel.getByTestId('attributes').textContent()).toContain('eo:cloud_cover');
    expect(await page.getByTestId('online-state').textContent()).toBe('Online');
    const open = decodeSearchState(new URL(page.url()).search).open;
    const item = (await (
      await fetch(`${base}/stac/collections/${open?.collection}/items/${encodeURIComponent(open?.id ?? '')}`)
    ).json()) as Item & PlaceableItem;
    // The product's quicklook lies on its footprint's corners, not stretched over its bounding box.
    await expect.poll(() => askMap<string | null>(page, 'quicklook()'), POLL).toMatch(/\/Nodes\([^)]+\)\/\$value$/);
    expect(await askMap<number[][]>(page, 'quicklookCorners()')).toEqual(quicklookPlacement(item)?.corners);

    // The deepest file, and the top folder it is in, whose total is every file below it.
    const files = Object.values(item.assets).filter((a) => a.title !== undefined && a !== item.assets['product']);
    const nested = files.reduce((a, b) => ((b.title ?? '').split('/').length > (a.title ?? '').split('/').length ? b : a));
    const top = (nested.title ?? '').split('/')[0] ?? '';
    const below = files.filter((f) => f.title?.startsWith(`${top}/`));
    const folder = panel.locator(`[data-testid=folder][data-path="${top}"]`);
    expect(await folder.getByTestId('folder-total').first().getAttribute('data-bytes')).toBe(
      String(below.reduce((sum, f) => sum + (f['file:size'] ?? 0), 0)),
    );
    const row = panel.locator(`[data-testid=file][data-path="${nested.title}"]`);
    const toggle = folder.getByTestId('folder-toggle').first();
    await toggle.focus();
    await page.keyboard.press('Enter');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await row.isVisible()).toBe(false);
    await page.keyboard.press('ArrowRight');
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await row.waitFor();

    const [download] = await Promise.all([page.waitForEvent('download'), row.getByTestId('download-file').click()]);
    const bytes = await readFile(await download.path());
    expect(download.suggestedFilename()).toBe((nested.title ?? '').split('/').pop());
    expect(bytes.length).toBe(nested['file:size']);
    expect(await blake3Multihash(bytes)).toBe(nested['file:checksum']);
    expect(await row.getByTestId('file-checksum').textContent()).toBe(nested['file:checksum']?.slice(4));
  });

  it('asks an anonymous user to log in for a product that needs it, then downloads the product', async () => {
    await openPortal('/?collections=SENTINEL-1');
    await page.getByTestId('open-result').first().click();
    await page.getByTestId('download-product').click();
    const dialog = page.getByTestId('login-dialog');
    await dialog.waitFor();
    await page.getByTestId('login-username').fill('alice');
    await page.getByTestId('login-password').fill(password);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('login-submit').click()]);
    const bytes = await readFile(await download.path());
    const open = decodeSearchState(new URL(page.url()).search).open;
    const item = (await (
      await fetch(`${base}/stac/collections/${open?.collection}/items/${encodeURIComponent(open?.id ?? '')}`)
    ).json()) as Item;
    expect(bytes.length).toBe(item.assets['product']?.['file:size']);
    expect(await blake3Multihash(bytes)).toBe(item.assets['product']?.['file:checksum']);
    expect(await page.getByTestId('logout').textContent()).toContain('alice');
  });

  it('restores a shared search, its page of results and its open product from the URL', async () => {
    await openPortal();
    await page.getByTestId('collection').selectOption('SENTINEL-2');
    await page.getByTestId('orbit').selectOption('descending');
    await page.getByTestId('cloud').fill('60');
    await page.getByTestId('cloud').dispatchEvent('change');
    await expect.poll(() => page.url(), POLL).toContain('cloud=60');
    const expected = await apiAnswer(page.url());
    await expect.poll(() => listedNames(page), POLL).toEqual(expected.ids);
    await page.getByTestId('open-result').first().click();
    await page.getByTestId('product-panel').waitFor();
    const shared = page.url();

    const other = await context.newPage();
    await other.goto(shared);
    await other.locator('[data-testid=result-count]').waitFor();
    await expect.poll(() => other.getByTestId('collection').inputValue(), POLL).toBe('SENTINEL-2');
    expect(await other.getByTestId('orbit').inputValue()).toBe('descending');
    expect(await other.getByTestId('cloud').inputValue()).toBe('60');
    await expect.poll(() => listedNames(other), POLL).toEqual(expected.ids);
    expect(await other.getByTestId('product-panel').locator('h2').textContent()).toBe(expected.ids[0]);
    await other.close();
  });

  it('switches the language to French and German, and keeps it in the URL', async () => {
    await openPortal();
    await page.getByTestId('language').selectOption('fr');
    await expect.poll(() => page.locator('h1').textContent(), POLL).toBe('Portail eohub');
    expect(await page.getByTestId('draw-rectangle').textContent()).toBe('Dessiner un rectangle');
    expect(page.url()).toContain('lang=fr');
    await page.reload();
    await expect.poll(() => page.locator('h1').textContent(), POLL).toBe('Portail eohub');
    await page.getByTestId('language').selectOption('de');
    await expect.poll(() => page.getByTestId('result-count').textContent(), POLL).toMatch(/Produkte/);
    expect(await page.locator('html').getAttribute('lang')).toBe('de');
    // MapLibre's own controls speak the portal's language too.
    await expect.poll(() => page.locator('.maplibregl-ctrl-zoom-in').getAttribute('aria-label'), POLL).toBe('Vergrößern');
    expect(await page.locator('canvas.maplibregl-canvas').getAttribute('aria-label')).toBe('Karte');
  });

  it('fits a phone-width screen and opens a product from the keyboard alone', async () => {
    await page.setViewportSize({ width: 375, height: 740 });
    await openPortal('/?collections=SENTINEL-2');
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    const map = await page.getByTestId('map').boundingBox();
    expect(map?.width).toBeGreaterThan(300);
    // Tab from the start of the page to the first result's name, then Enter.
    const first = await page.locator('[data-testid=result]').first().getAttribute('data-id');
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      if ((await page.evaluate('document.activeElement?.textContent')) === first) break;
    }
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('product-panel').locator('h2').textContent(), POLL).toBe(first);
  });

  it('searches an uploaded GeoJSON area, pages through the results, and gives the basket as a Metalink file', async () => {
    await openPortal();
    const europe = {
      type: 'Feature',
      properties: {},
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [-25, 30],
            [45, 30],
            [45, 72],
            [-25, 72],
            [-25, 30],
          ],
        ],
      },
    };
    await page
      .getByTestId('aoi-file')
      .setInputFiles({ name: 'europe.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(JSON.stringify(europe)) });
    await expect.poll(() => page.url(), POLL).toContain('aoi=-25,30');
    const firstPage = await apiAnswer(page.url());
    expect(firstPage.numberMatched).toBeGreaterThan(20);
    await expect.poll(() => listedNames(page), POLL).toEqual(firstPage.ids);
    await page.getByTestId('next-page').click();
    await expect.poll(() => page.url(), POLL).toContain('page=2');
    await expect.poll(() => listedNames(page), POLL).not.toEqual(firstPage.ids);
    const secondPage = await listedNames(page);
    expect(secondPage.some((id) => firstPage.ids.includes(id))).toBe(false);
    expect(secondPage.length + firstPage.ids.length).toBeLessThanOrEqual(firstPage.numberMatched);
    await page.getByTestId('prev-page').click();
    await expect.poll(() => listedNames(page), POLL).toEqual(firstPage.ids);

    const toggles = page.getByTestId('basket-toggle');
    await toggles.nth(0).click();
    await toggles.nth(1).click();
    await page.getByTestId('basket-open').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('basket-metalink').click()]);
    const metalink = await readFile(await download.path(), 'utf8');
    expect(download.suggestedFilename()).toBe('eohub-basket.meta4');
    for (const id of firstPage.ids.slice(0, 2)) expect(metalink).toContain(`<file name="${id}.zip">`);
    expect(metalink.match(/<url>[^<]+\/odata\/v1\/Products\([^)]+\)\/\$value<\/url>/g)).toHaveLength(2);
  });

  it('says when a search finds nothing, and when the hub cannot answer', async () => {
    await openPortal();
    await page.getByTestId('text').fill('no-such-product-anywhere');
    await page.getByTestId('text').press('Tab');
    await page.getByTestId('results-empty').waitFor();
    await page.route('**/stac/search', (route) =>
      route.fulfill({
        status: 503,
        contentType: 'application/json',
        body: '{"code":"DB_UNAVAILABLE","description":"the database does not answer"}',
      }),
    );
    await page.getByTestId('text').fill('S2');
    await page.getByTestId('text').press('Tab');
    expect(await page.getByTestId('results-error').textContent()).toContain('the database does not answer');
  });

  it('lists every collection in the catalogue with its count, and opens the search filtered to one', async () => {
    await openPortal();
    await page.getByTestId('catalogue-tab').click();
    const cards = page.getByTestId('collection-card');
    await cards.first().waitFor();
    const collections = (
      (await (await fetch(`${base}/stac/collections`)).json()) as { collections: { id: string; 'eohub:productCount': number }[] }
    ).collections;
    expect(await cards.count()).toBe(collections.length);
    const s2 = collections.find((c) => c.id === 'SENTINEL-2');
    const card = page.locator('[data-testid=collection-card]', { has: page.locator('[data-id=SENTINEL-2]') });
    expect(await card.getByTestId('collection-count').textContent()).toBe(String(s2?.['eohub:productCount']));
    await card.getByTestId('open-collection').click();
    await expect.poll(() => page.url(), POLL).toContain('collections=SENTINEL-2');
    const expected = await apiAnswer(page.url());
    await expect.poll(() => listedNames(page), POLL).toEqual(expected.ids);
  });

  it('shows an evicted product as offline and orders it back from the archive after asking for a login', async () => {
    // Archive copies are written by jobs, which no worker runs in this test hub.
    await runJobsUntilIdle(ctx.db, { archive: hub.deps.archive });
    await openPortal('/?collections=SENTINEL-2');
    await page.getByTestId('open-result').first().click();
    const open = decodeSearchState(new URL(page.url()).search).open;
    const item = (await (
      await fetch(`${base}/stac/collections/${open?.collection}/items/${encodeURIComponent(open?.id ?? '')}`)
    ).json()) as Item;
    const id = /\/Products\(([^)]+)\)\/\$value$/.exec(item.assets['product']?.href ?? '')?.[1] ?? '';
    expect(await evictProduct(hub.deps.archive, id)).toBe(true);
    try {
      await page.reload();
      await expect.poll(() => page.getByTestId('online-state').textContent(), POLL).toBe('Offline');
      // Nothing to download until it is back online.
      expect(await page.getByTestId('download-product').count()).toBe(0);
      await page.getByTestId('order-product').click();
      await page.getByTestId('login-dialog').waitFor();
      await page.getByTestId('login-username').fill('alice');
      await page.getByTestId('login-password').fill(password);
      await page.getByTestId('login-submit').click();
      const state = page.getByTestId('order-state');
      await state.waitFor();
      expect(await state.getAttribute('data-status')).toBe('queued');
      const orders = await hub.app.inject({ url: '/odata/v1/Orders', headers: ADMIN_HEADERS });
      expect(orders.json<{ value: { ProductId: string }[] }>().value.map((o) => o.ProductId)).toContain(id);
    } finally {
      // Later tests of this file find the product online again.
      await runJobsUntilIdle(ctx.db, { archive: hub.deps.archive });
    }
  });
});
