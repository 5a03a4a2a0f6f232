/**
 * The searches of the catalogue benchmark: performance.md's five (a–e), plus the name prefix the issue
 * lists (f), offset paging beside keyset paging (d'), and counts (g). Each is timed around searchProducts,
 * the function every API dialect ends in, so a figure is what a request costs minus HTTP. Parameters vary
 * from run to run, drawn from products actually loaded, so that results are never empty by construction.
 */
import { INTERNAL_SEES_EVERYTHING } from '../src/access/index.ts';
import { searchProducts, type ProductSearch } from '../src/catalog/index.ts';
import type { Db } from '../src/db/index.ts';
import { createRandom, type Random } from '../src/demo/random.ts';
import {
  and,
  attribute,
  bbox,
  eq,
  inList,
  interval,
  lt,
  prop,
  sensingInterval,
  sIntersects,
  startsWith,
  tIntersects,
} from '../src/query/index.ts';

export interface QueryStats {
  label: string;
  runs: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  meanMs: number;
  /** Mean rows per page, so that nobody compares an empty search with a full one. */
  meanRows: number;
}

export interface Sample {
  id: string;
  name: string;
  tileId: string | undefined;
  start: string;
  lon: number;
  lat: number;
}

export const EUROPE = bbox(-25, 34, 45, 72);

/** Sentinel-2 products to draw query parameters from: a deterministic, uniform sample of what is loaded. */
export async function drawSamples(db: Db, n: number): Promise<Sample[]> {
  const r = await db.query<{ id: string; name: string; tile: string | null; start: string; lon: number; lat: number }>(
    `SELECT id, name, attributes->>'tileId' AS tile, sensing_start::text AS start,
       ST_X(ST_PointOnSurface(footprint)) AS lon, ST_Y(ST_PointOnSurface(footprint)) AS lat
     FROM products WHERE collection = 'SENTINEL-2' AND footprint IS NOT NULL ORDER BY md5(id::text) LIMIT $1`,
    [n],
  );
  return r.rows.map((x) => ({ id: x.id, name: x.name, tileId: x.tile ?? undefined, start: x.start, lon: x.lon, lat: x.lat }));
}

function month(start: string, months: number): [string, string] {
  const d = new Date(start.replace(' ', 'T').replace(/\+00$/, 'Z'));
  const from = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
  const to = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
  return [from.toISOString(), to.toISOString()];
}

/** A box edge past ±180 comes round the other side (a bbox with minLon > maxLon crosses the antimeridian). */
export const wrapLon = (lon: number): number => ((((lon + 180) % 360) + 360) % 360) - 180;

/** A search as the bench times it: an internal one, seeing every collection. */
type Build = (r: Random, samples: readonly Sample[]) => Omit<ProductSearch, 'scope'>;

const pick = (r: Random, samples: readonly Sample[]): Sample => r.pick(samples);

/** The searches by key: what performance.md calls (a)–(e), and ours. */
export const QUERIES: Record<string, { label: string; build: Build; keysetPage?: number }> = {
  a: {
    label: '(a) S2 + 2°×2° bbox + 1 month + cloudCover < 20, newest 10',
    build: (r, s) => {
      const p = pick(r, s);
      return {
        filter: and(
          eq(prop('collection'), 'SENTINEL-2'),
          sIntersects(bbox(wrapLon(p.lon - 1), Math.max(-90, p.lat - 1), wrapLon(p.lon + 1), Math.min(90, p.lat + 1))),
          tIntersects(sensingInterval(), interval(...month(p.start, 1))),
          lt(attribute('cloudCover', 'Double'), 20),
        ),
        order: [{ key: 'sensingStart', direction: 'desc' }],
        limit: 10,
      };
    },
  },
  b: {
    label: '(b) tileId equality, 10',
    build: (r, s) => ({ filter: eq(attribute('tileId', 'String'), pick(r, s).tileId ?? '32TQM'), limit: 10 }),
  },
  c: {
    label: '(c) all of Europe, newest 100',
    build: () => ({ filter: sIntersects(EUROPE), order: [{ key: 'sensingStart', direction: 'desc' }], limit: 100 }),
  },
  d: {
    label: '(d) page 50 of S2, 3 months, newest first, keyset',
    keysetPage: 50,
    build: (r, s) => ({
      filter: and(eq(prop('collection'), 'SENTINEL-2'), tIntersects(sensingInterval(), interval(...month(pick(r, s).start, 3)))),
      order: [{ key: 'sensingStart', direction: 'desc' }],
      limit: 10,
    }),
  },
  dOffset: {
    label: "(d') the same page 50 by offset",
    build: (r, s) => ({ ...(QUERIES['d']?.build(r, s) as Omit<ProductSearch, 'scope'>), offset: 490 }),
  },
  e: {
    label: '(e) 10 ids',
    build: (r, s) => ({
      filter: inList(
        prop('id'),
        Array.from({ length: 10 }, () => pick(r, s).id),
      ),
      limit: 10,
    }),
  },
  f: {
    label: '(f) name prefix (platform, level, day), 10',
    build: (r, s) => ({ filter: startsWith(prop('name'), pick(r, s).name.slice(0, 19)), limit: 10 }),
  },
  gExact: {
    label: '(g) count S2 over Europe, exact',
    build: () => ({ filter: and(eq(prop('collection'), 'SENTINEL-2'), sIntersects(EUROPE)), limit: 1, count: true }),
  },
  gEstimate: {
    label: "(g') the same count, countMode estimate",
    build: () => ({ filter: and(eq(prop('collection'), 'SENTINEL-2'), sIntersects(EUROPE)), limit: 1, count: true, countMode: 'estimate' }),
  },
};

/** How many runs were timed and their p50/p95/p99 (nearest rank), in ms; NaN when none completed. */
export function percentiles(times: readonly number[]): { runs: number; p50Ms: number; p95Ms: number; p99Ms: number } {
  const sorted = [...times].sort((x, y) => x - y);
  const at = (p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
  return { runs: sorted.length, p50Ms: at(0.5), p95Ms: at(0.95), p99Ms: at(0.99) };
}

/** Runs one search `runs` times (after two unmeasured warm-ups), within `budgetMs`. */
export async function timeQuery(db: Db, key: string, samples: readonly Sample[], runs: number, budgetMs: number): Promise<QueryStats> {
  const q = QUERIES[key];
  if (!q) throw new Error(`no query ${key}`);
  const r = createRandom(`bench-${key}`);
  const times: number[] = [];
  let rows = 0;
  const deadline = Date.now() + budgetMs;
  for (let i = 0; i < runs + 2 && Date.now() < deadline; i++) {
    let search: ProductSearch = { ...q.build(r, samples), scope: INTERNAL_SEES_EVERYTHING };
    // Keyset: walk to the page before, unmeasured, then time the page itself.
    for (let page = 1; page < (q.keysetPage ?? 1); page++) {
      const prev = await searchProducts(db, search);
      if (!prev.nextCursor) break;
      search = { ...search, cursor: prev.nextCursor };
    }
    const t = performance.now();
    const page = await searchProducts(db, search);
    const ms = performance.now() - t;
    if (i < 2) continue;
    times.push(ms);
    rows += page.products.length;
  }
  return {
    label: q.label,
    ...percentiles(times),
    meanMs: times.reduce((s, x) => s + x, 0) / Math.max(1, times.length),
    meanRows: rows / Math.max(1, times.length),
  };
}

/** Requests per second of one search with `clients` concurrent callers for `seconds` (PostgreSQL's pool). */
export async function throughput(db: Db, key: string, samples: readonly Sample[], clients: number, seconds: number): Promise<number> {
  const q = QUERIES[key];
  if (!q) throw new Error(`no query ${key}`);
  const end = Date.now() + seconds * 1000;
  let done = 0;
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      const r = createRandom(`throughput-${key}-${c}`);
      while (Date.now() < end) {
        await searchProducts(db, { ...q.build(r, samples), scope: INTERNAL_SEES_EVERYTHING });
        done++;
      }
    }),
  );
  return done / seconds;
}
