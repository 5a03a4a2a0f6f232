/**
 * `npm run bench -- portal`: the portal's first load in real headless Chromium against a hub holding the
 * demo dataset (loaded exactly as `npm start` loads it on an empty first start), on PGlite, over loopback.
 *
 *   - time to first results: navigation start → the first result row on the page, each run in a fresh
 *     browser context (nothing cached), `--runs` runs (default 7), median and worst;
 *   - time to the map with footprints (MapLibre loads after the first results are asked for);
 *   - JavaScript the page loads before the map library, and the map chunk, gzipped (level 6), as the
 *     browser requested them.
 * Options: --count 200 (demo products) --runs 7. Targets (issue 9): < 1.5 s, < 400 KB.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { pino } from 'pino';
import { loadConfig } from '../src/config/index.ts';
import { buildHub } from '../src/hub/index.ts';
import { loadDemoIfEmpty } from '../src/hub/demo-bootstrap.ts';
import { ensurePortalBuilt, PORTAL_DIST_DIR } from '../src/portal/index.ts';
import { launchChromium } from '../test/support/browser.ts';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

export async function runPortalBench(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { count: { type: 'string', default: '200' }, runs: { type: 'string', default: '7' } } });
  const count = Number(values.count);
  const runs = Number(values.runs);
  await ensurePortalBuilt();
  const dir = await mkdtemp(join(tmpdir(), 'eohub-bench-portal-'));
  const config = loadConfig({ env: {}, overrides: { dataDir: dir, demo: { count }, auth: { adminPassword: 'bench admin password' } } });
  const hub = await buildHub(config, { log: pino({ level: 'silent' }) });
  const browser = await launchChromium();
  try {
    process.stdout.write(`loading the demo dataset (${count} products)…\n`);
    await loadDemoIfEmpty(hub.deps);
    await hub.app.listen({ host: '127.0.0.1', port: 0 });
    const base = `http://127.0.0.1:${(hub.app.server.address() as AddressInfo).port}`; // a TCP listener: AddressInfo
    const firstResults: number[] = [];
    const mapReady: number[] = [];
    let scripts: { path: string; gzipBytes: number; beforeMap: boolean }[] = [];
    for (let run = 0; run < runs; run++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      const requested: string[] = [];
      page.on('request', (r) => {
        if (/\.m?js$/.test(new URL(r.url()).pathname)) requested.push(new URL(r.url()).pathname);
      });
      await page.goto(`${base}/`);
      await page.locator('[data-testid=result]').first().waitFor();
      firstResults.push((await page.evaluate('performance.now()')) as number);
      await page.locator('[data-testid=map][data-ready=true]').waitFor();
      await page.waitForFunction('window.eohubPortalMap.footprintCount() > 0');
      mapReady.push((await page.evaluate('performance.now()')) as number);
      if (run === 0) {
        scripts = await Promise.all(
          requested.map(async (path) => ({
            path,
            gzipBytes: gzipSync(await readFile(join(PORTAL_DIST_DIR, path))).length,
            // The map chunk and MapLibre's worker come with the map; everything else comes before it.
            beforeMap: !/\/(map|maplibre-gl-worker)-[^/]+$/.test(path),
          })),
        );
      }
      await context.close();
    }
    const kb = (bytes: number): string => `${(bytes / 1000).toFixed(1)} KB`;
    const beforeMap = scripts.filter((s) => s.beforeMap).reduce((n, s) => n + s.gzipBytes, 0);
    const withMap = scripts.filter((s) => !s.beforeMap).reduce((n, s) => n + s.gzipBytes, 0);
    const machine = {
      nproc: cpus().length,
      cpu: cpus()[0]?.model ?? '?',
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
    };
    const rows = [
      '| measure | value | target |',
      '|---|---|---|',
      `| time to first results (median of ${runs}, cold) | ${median(firstResults).toFixed(0)} ms | < 1500 ms |`,
      `| time to first results (worst) | ${Math.max(...firstResults).toFixed(0)} ms | |`,
      `| time to the map with footprints (median) | ${median(mapReady).toFixed(0)} ms | |`,
      `| JavaScript before the map library, gzipped | ${kb(beforeMap)} | < 400 KB |`,
      `| map library (MapLibre chunk + worker), gzipped | ${kb(withMap)} | |`,
    ];
    process.stdout.write(`\nmachine: ${JSON.stringify(machine)}\n\n${rows.join('\n')}\n`);
    await mkdir(join(import.meta.dirname, 'results'), { recursive: true });
    const started = new Date().toISOString();
    const file = join(import.meta.dirname, 'results', `portal-${started.replace(/[:.]/g, '-')}.json`);
    const report = {
      bench: 'portal',
      started,
      machine,
      options: { count, runs },
      firstResultsMs: firstResults,
      mapReadyMs: mapReady,
      scripts,
    };
    await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
    process.stdout.write(`\nreport: ${file}\n`);
  } finally {
    await browser.close();
    await hub.close();
    await rm(dir, { recursive: true, force: true });
  }
}
