import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { planOrbitFile, writeOrbitFile } from './orbit-files.ts';
import { PARTIAL_PREFIX, type DemoProduct, type SceneRequest } from './product-files.ts';
import { createRandom, type Random } from './random.ts';
import { loadLandMask, type LandMask } from './raster/land.ts';
import { planSentinel1, writeSentinel1 } from './sentinel1.ts';
import { planSentinel2, writeSentinel2 } from './sentinel2.ts';
import { planSentinel3, writeSentinel3 } from './sentinel3.ts';
import { planSentinel5p, writeSentinel5p } from './sentinel5p.ts';

export interface GenerateDemoOptions {
  outDir: string;
  count: number;
  seed: string | number;
  /** Called once per product, in generation order, after the product is complete on disk. */
  onProduct?: (product: DemoProduct, index: number) => void | Promise<void>;
}

export type DemoKind = 'S1' | 'S2' | 'S3' | 'S5P' | 'ORBIT';

/** The mix a newcomer's hub gets: optical tiles first, then radar, ocean/land colour, atmosphere, orbits. */
export const DEMO_MIX: readonly (readonly [DemoKind, number])[] = [
  ['S2', 0.5],
  ['S1', 0.25],
  ['S3', 0.12],
  ['S5P', 0.1],
  ['ORBIT', 0.03],
];

/** Europe, as the demo spreads it: the places products are made to cover. */
export const DEMO_AREA = { west: -25, east: 45, south: 34, north: 72 } as const;
export const DEMO_PERIOD = { firstDayMs: Date.UTC(2025, 0, 1), lastDayMs: Date.UTC(2025, 11, 31) } as const;

/** Products written concurrently: file creation dominates, and a few in flight keep the disk busy. */
const CONCURRENCY = 8;

/**
 * Writes `count` products into `outDir`, each a faithful copy of its mission's layout, spread over
 * Europe and 2025. The same seed gives the same names and the same bytes. Every product is written
 * under a temporary name and renamed when complete.
 */
export async function generateDemo(options: GenerateDemoOptions): Promise<{ products: string[] }> {
  const { outDir, count } = options;
  if (!Number.isSafeInteger(count) || count < 0) throw new RangeError(`count must be a non-negative integer, got ${count}`);
  await mkdir(outDir, { recursive: true });
  // Leftovers of an interrupted run: half-written products under their temporary names.
  for (const entry of await readdir(outDir)) {
    if (entry.startsWith(PARTIAL_PREFIX)) await rm(join(outDir, entry), { recursive: true, force: true });
  }
  // Natural Earth's coastline, burnt into a grid once for the whole run (~0.4 s): every raster reads it.
  const landMask = count > 0 ? await loadLandMask() : undefined;
  const root = createRandom(options.seed);
  const kinds = missionSequence(root.fork('mix'), count);
  const taken = new Set<string>();
  const products: string[] = [];
  for (let first = 0; first < count; first += CONCURRENCY) {
    // Plans are drawn in order (they decide names, and names must not repeat); writes run together.
    const batch = kinds.slice(first, first + CONCURRENCY).map((kind, k) => {
      const index = first + k;
      const plan = planProduct(root.fork(`product-${index}`), kind, taken);
      taken.add(plan.name);
      return { index, plan };
    });
    const written = await Promise.all(
      // The mask is loaded whenever count > 0, which is whenever a batch exists.
      batch.map(async ({ index, plan }) => ({ index, product: await plan.write(outDir, landMask as LandMask) })),
    );
    for (const { index, product } of written) {
      products.push(product.name);
      await options.onProduct?.(product, index);
    }
  }
  return { products };
}

/** Exactly the mix's share of each kind (largest remainders), in a shuffled order. */
export function missionSequence(rng: Random, count: number): DemoKind[] {
  const shares = DEMO_MIX.map(([kind, share]) => ({ kind, exact: share * count, n: Math.floor(share * count) }));
  let left = count - shares.reduce((s, x) => s + x.n, 0);
  for (const s of [...shares].sort((a, b) => b.exact - b.n - (a.exact - a.n))) {
    if (left-- <= 0) break;
    s.n++;
  }
  const kinds = shares.flatMap((s) => Array.from({ length: s.n }, () => s.kind));
  // Shuffled by random sort keys: the same order for the same stream.
  const keyed = kinds.map((kind) => ({ kind, key: rng.next() }));
  return keyed.sort((a, b) => a.key - b.key).map((x) => x.kind);
}

interface PlannedProduct {
  name: string;
  write: (outDir: string, landMask: LandMask) => Promise<DemoProduct>;
}

/**
 * Draws a place and a day, and asks the mission for a product covering it. Some places are not seen
 * by a given satellite within two weeks (or a name would repeat), so it draws again from the same
 * product's stream: still deterministic.
 */
function planProduct(rng: Random, kind: DemoKind, taken: ReadonlySet<string>): PlannedProduct {
  for (let attempt = 0; attempt < 50; attempt++) {
    const r = rng.fork(`attempt-${attempt}`);
    const request = drawRequest(r);
    const planned = planKind(r, kind, request);
    if (planned && !taken.has(planned.name)) return planned;
  }
  throw new Error(`could not place a ${kind} product in 50 attempts`);
}

function planKind(r: Random, kind: DemoKind, request: SceneRequest): PlannedProduct | undefined {
  switch (kind) {
    case 'S1': {
      const plan = planSentinel1(r, request);
      return plan && { name: plan.name, write: (dir, land) => writeSentinel1(dir, plan, land) };
    }
    case 'S2': {
      const plan = planSentinel2(r, request);
      return plan && { name: plan.name, write: (dir, land) => writeSentinel2(dir, plan, land) };
    }
    case 'S3': {
      const plan = planSentinel3(r, request);
      return plan && { name: plan.name, write: (dir, land) => writeSentinel3(dir, plan, land) };
    }
    case 'S5P': {
      const plan = planSentinel5p(r, request);
      return plan && { name: plan.name, write: (dir, land) => writeSentinel5p(dir, plan, land) };
    }
    case 'ORBIT': {
      const plan = planOrbitFile(r, request.dayMs);
      return { name: plan.name, write: (dir) => writeOrbitFile(dir, plan) };
    }
  }
}

function drawRequest(r: Random): SceneRequest {
  const days = Math.round((DEMO_PERIOD.lastDayMs - DEMO_PERIOD.firstDayMs) / 86400_000);
  const dayMs = DEMO_PERIOD.firstDayMs + r.int(0, days) * 86400_000;
  const lon = r.float(DEMO_AREA.west, DEMO_AREA.east);
  // Uniform by area: the sine of the latitude is uniform, so the north is not over-sampled.
  const s = r.float(Math.sin((DEMO_AREA.south * Math.PI) / 180), Math.sin((DEMO_AREA.north * Math.PI) / 180));
  const lat = (Math.asin(s) * 180) / Math.PI;
  return { dayMs, target: { lon, lat }, range: DEMO_PERIOD };
}
