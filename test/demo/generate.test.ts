import { createHash } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createRandom,
  DEMO_AREA,
  generateDemo,
  missionSequence,
  ORBIT_MODELS,
  orbitAt,
  tileAt,
  tileOutline,
  type DemoProduct,
  type Platform,
} from '../../src/demo/index.ts';
import { tileById, TILE_SIZE_M } from '../../src/demo/mgrs.ts';
import { lonLatToUtm } from '../../src/util/utm.ts';
import { drawCloudCover } from '../../src/demo/sentinel2.ts';
import { extractMetadata, openFolderSource, type ProductMetadata } from '../../src/metadata/index.ts';

const COUNT = 40;
const SEED = 'eohub-demo-test';

const NAME_PATTERNS: Record<string, RegExp> = {
  S2: /^S2[AB]_MSIL(1C|2A)_\d{8}T\d{6}_N\d{4}_R\d{3}_T\d{2}[C-X][A-HJ-NP-Z]{2}_\d{8}T\d{6}\.SAFE$/,
  S1: /^S1[AC]_(IW|EW)_(GRDH|GRDM|SLC_)_1SD[VH]_\d{8}T\d{6}_\d{8}T\d{6}_\d{6}_[0-9A-F]{6}_[0-9A-F]{4}\.SAFE$/,
  S3: /^S3[AB]_(OL|SL)_[12]_[A-Z]{3}_{4}\d{8}T\d{6}_\d{8}T\d{6}_\d{8}T\d{6}_\d{4}_\d{3}_\d{3}_\d{4}_[A-Z0-9]{3}_O_(NR|NT|ST)_\d{3}\.SEN3$/,
  S5P: /^S5P_(NRTI|OFFL)_L2__[A-Z0-9_]{6}_\d{8}T\d{6}_\d{8}T\d{6}_\d{5}_\d{2}_\d{6}_\d{8}T\d{6}\.nc$/,
  ORBIT: /^S1[AC]_OPER_AUX_(POEORB|RESORB)_OPOD_\d{8}T\d{6}_V\d{8}T\d{6}_\d{8}T\d{6}\.EOF$/,
};

function kindOf(p: DemoProduct): string {
  if (p.productType.startsWith('AUX_')) return 'ORBIT';
  return { 'SENTINEL-1': 'S1', 'SENTINEL-2': 'S2', 'SENTINEL-3': 'S3', 'SENTINEL-5P': 'S5P' }[p.mission];
}

/** Every file under `dir` with the SHA-256 of its bytes, by relative path. */
async function fingerprint(dir: string, rel = ''): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const entry of await readdir(join(dir, rel), { withFileTypes: true })) {
    const path = rel === '' ? entry.name : `${rel}/${entry.name}`;
    if (entry.isDirectory()) for (const [k, v] of await fingerprint(dir, path)) out.set(k, v);
    else
      out.set(
        path,
        createHash('sha256')
          .update(await readFile(join(dir, path)))
          .digest('hex'),
      );
  }
  return out;
}

function bbox(ring: number[][]): [number, number, number, number] {
  const lons = ring.map((p) => p[0] as number);
  const lats = ring.map((p) => p[1] as number);
  return [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)];
}

function outerRing(m: ProductMetadata): number[][] {
  const f = m.footprint;
  if (!f) return [];
  return f.type === 'Polygon' ? (f.coordinates[0] ?? []) : f.coordinates.flatMap((p) => p[0] ?? []);
}

describe('the demo data set', () => {
  let root: string;
  const products: DemoProduct[] = [];
  let first: Map<string, string>;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'eohub-demo-'));
    await generateDemo({ outDir: join(root, 'a'), count: COUNT, seed: SEED, onProduct: (p) => void products.push(p) });
    first = await fingerprint(join(root, 'a'));
  }, 120_000);

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('writes the same files with the same bytes for the same seed', async () => {
    const again = await generateDemo({ outDir: join(root, 'b'), count: COUNT, seed: SEED });
    expect(again.products).toEqual(products.map((p) => p.name));
    expect(await fingerprint(join(root, 'b'))).toEqual(first);
  }, 120_000);

  it('writes different products for a different seed', async () => {
    const other = await generateDemo({ outDir: join(root, 'c'), count: 4, seed: `${SEED}-other` });
    expect(other.products.some((n) => products.some((p) => p.name === n))).toBe(false);
  }, 60_000);

  it('leaves exactly the listed products and no temporary files behind', async () => {
    const names = (await readdir(join(root, 'a'))).sort();
    expect(names).toEqual(products.map((p) => p.name).sort());
    expect(names.filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('clears what an interrupted run left under temporary names', async () => {
    const dir = join(root, 'd');
    await mkdir(join(dir, '.partial-S2A_MSIL2A_20250101T000000_N0511_R001_T32TQM_20250101T000000.SAFE', 'GRANULE'), { recursive: true });
    const { products: written } = await generateDemo({ outDir: dir, count: 2, seed: SEED });
    expect((await readdir(dir)).sort()).toEqual([...written].sort());
  }, 60_000);

  it('follows the mission mix: half Sentinel-2, a quarter Sentinel-1, then Sentinel-3, -5P and orbit files', () => {
    const counts: Record<string, number> = {};
    for (const p of products) counts[kindOf(p)] = (counts[kindOf(p)] ?? 0) + 1;
    expect(counts).toEqual({ S2: 20, S1: 10, S3: 5, S5P: 4, ORBIT: 1 });
    const mix = missionSequence(createRandom(1), 1000);
    expect(mix.filter((k) => k === 'S2')).toHaveLength(500);
    expect(mix.filter((k) => k === 'ORBIT')).toHaveLength(30);
  });

  it('names every product by its mission convention, with the orbit and tile its metadata states', () => {
    for (const p of products) {
      expect(p.name, p.name).toMatch(NAME_PATTERNS[kindOf(p)] ?? /^$/);
      if (kindOf(p) === 'S1')
        expect(/_(\d{6})_[0-9A-F]{6}_[0-9A-F]{4}\.SAFE$/.exec(p.name)?.[1], p.name).toBe(String(p.orbitNumber).padStart(6, '0'));
      if (kindOf(p) === 'S2') {
        expect(p.name, p.name).toContain(`_R${String(p.relativeOrbitNumber).padStart(3, '0')}_T${p.tileId}_`);
        expect(p.name.startsWith(p.platform)).toBe(true);
      }
    }
  });

  it('uses absolute orbits that match the sensing time and relative orbits that match the absolute ones', () => {
    for (const p of products) {
      if (kindOf(p) === 'ORBIT') continue;
      const model = ORBIT_MODELS[p.platform as Platform];
      expect(orbitAt(model, Date.parse(p.sensingStart)), p.name).toBe(p.orbitNumber);
      if (p.relativeOrbitNumber !== undefined) expect(model.relativeOrbit(p.orbitNumber), p.name).toBe(p.relativeOrbitNumber);
      expect(p.sensingStart >= '2025-01-01' && p.sensingStart < '2026-01-01', p.name).toBe(true);
    }
  });

  it('puts footprints over Europe, and Sentinel-2 tiles where their footprint is', () => {
    for (const p of products) {
      if (!p.footprint) continue;
      const [w, s, e, n] = bbox(p.footprint);
      // Whole swaths (S5P) reach far beyond; they must still cross the area.
      expect(w < DEMO_AREA.east + 5 && e > DEMO_AREA.west - 5 && s < DEMO_AREA.north + 3 && n > DEMO_AREA.south - 3, p.name).toBe(true);
      const widthKm = (e - w) * 111 * Math.cos((Math.max(Math.abs(s), Math.abs(n)) * Math.PI) / 180);
      if (p.mission !== 'SENTINEL-5P') expect(widthKm < 2000 && (n - s) * 111 < 1700, `${p.name} is frame-sized`).toBe(true);
      if (p.tileId) {
        // Every corner of the covered part lies in the tile's 109.8 km UTM square.
        const tile = tileById(p.tileId);
        for (const [lon, lat] of p.footprint) {
          const [x, y] = lonLatToUtm(lon as number, lat as number, tile.zone);
          expect(x > tile.ulxM - 1 && x < tile.ulxM + TILE_SIZE_M + 1 && y < tile.ulyM + 1 && y > tile.ulyM - TILE_SIZE_M - 1, p.name).toBe(
            true,
          );
        }
      }
    }
  });

  it('gives cloud cover in 0–100 %, with many clear and many overcast scenes', () => {
    const covers = products.flatMap((p) => (p.cloudCover === undefined ? [] : [p.cloudCover]));
    expect(covers.length).toBeGreaterThan(20);
    for (const c of covers) expect(c >= 0 && c <= 100, String(c)).toBe(true);
    const rng = createRandom('clouds');
    const draws = Array.from({ length: 2000 }, () => drawCloudCover(rng));
    expect(draws.filter((c) => c < 5).length).toBeGreaterThan(500);
    expect(draws.filter((c) => c > 85).length).toBeGreaterThan(500);
    expect(draws.filter((c) => c >= 20 && c <= 70).length).toBeGreaterThan(300);
  });

  it('keeps the products small: real pixels, at a resolution that keeps the average product under 200 kB', async () => {
    let total = 0;
    for (const path of first.keys()) total += (await stat(join(root, 'a', path))).size;
    expect(total / COUNT).toBeLessThan(200_000);
  });

  it('gives each product to the extractors, which read back what the generator wrote', async () => {
    for (const p of products) {
      const path = join(root, 'a', p.name);
      let dir = path;
      if (!(await stat(path)).isDirectory()) {
        // Single-file products are staged as the ingester does: alone in a folder.
        dir = join(root, 'single', p.name);
        await mkdir(dir, { recursive: true });
        await copyFile(path, join(dir, p.name));
      }
      const m = await extractMetadata(await openFolderSource(dir, p.name));
      const attr = (name: string): unknown => m.attributes[name]?.value;
      expect(m.name, p.name).toBe(p.name);
      expect(m.collection, p.name).toBe(p.mission);
      expect(attr('productType'), p.name).toBe(p.productType);
      expect(Math.abs(Date.parse(m.sensingStart ?? '') - Date.parse(p.sensingStart)), `${p.name} start`).toBeLessThan(1000);
      expect(Math.abs(Date.parse(m.sensingEnd ?? '') - Date.parse(p.sensingEnd)), `${p.name} end`).toBeLessThan(1000);
      if (kindOf(p) !== 'ORBIT') expect(attr('orbitNumber'), `${p.name} orbit`).toBe(p.orbitNumber);
      if (p.relativeOrbitNumber !== undefined) expect(attr('relativeOrbitNumber'), `${p.name} relative orbit`).toBe(p.relativeOrbitNumber);
      if (p.orbitDirection !== undefined && attr('orbitDirection') !== undefined)
        expect(attr('orbitDirection'), p.name).toBe(p.orbitDirection);
      if (p.tileId !== undefined) expect(attr('tileId'), `${p.name} tile`).toBe(p.tileId);
      if (p.cloudCover !== undefined) expect(attr('cloudCover'), `${p.name} cloud cover`).toBeCloseTo(p.cloudCover, 4);
      const serial = attr('platformSerialIdentifier');
      if (serial !== undefined) expect(p.platform.endsWith(String(serial)), `${p.name} platform ${String(serial)}`).toBe(true);
      if (p.footprint) {
        const got = bbox(outerRing(m));
        const want = bbox(p.footprint);
        got.forEach((v, i) => expect(Math.abs(v - (want[i] as number)), `${p.name} footprint`).toBeLessThan(0.01));
      } else {
        expect(m.footprint, p.name).toBeNull();
      }
      expect(m.warnings, p.name).toEqual([]);
    }
  }, 60_000);
});

describe('the geometry behind the demo products', () => {
  it('names and outlines Sentinel-2 tiles as the real products do', () => {
    // S2A_MSIL1C_20210403T101021_N0300_R022_T33TUM: footprint in its manifest.safe.
    expect(tileAt(13.1, 46.4).id).toBe('33TUM');
    const ring = tileOutline(tileById('33TUM'));
    const expected = [
      [12.372989807609915, 46.92356100851489],
      [13.814710439787222, 46.947573655919015],
      [13.83595551697594, 45.95962253249568],
      [12.420025078630498, 45.93641922924405],
    ];
    expected.forEach(([lon, lat], i) => {
      expect(ring[i]?.[0]).toBeCloseTo(lon as number, 3);
      expect(ring[i]?.[1]).toBeCloseTo(lat as number, 3);
    });
    // MTD_TL.xml of T46RER: ULX 499980, ULY 3100020; T22HBD (southern hemisphere): 199980, 5900020.
    expect(tileById('46RER')).toMatchObject({ ulxM: 499980, ulyM: 3100020, epsg: 32646 });
    expect(tileAt(-54, -37.5)).toMatchObject({ id: '22HBD', ulxM: 199980, ulyM: 5900020, epsg: 32722 });
    // Southwest Norway is in zone 32 whatever its longitude.
    expect(tileAt(5, 60).id.slice(0, 3)).toBe('32V');
  });

  it('numbers orbits as the real samples do', () => {
    const at = (platform: Platform, iso: string): number => orbitAt(ORBIT_MODELS[platform], Date.parse(iso));
    expect(at('S1A', '2022-11-30T01:43:42Z')).toBe(46117);
    expect(ORBIT_MODELS.S1A.relativeOrbit(46117)).toBe(20);
    expect(ORBIT_MODELS.S1A.cycle(39156)).toBe(238);
    expect(at('S2A', '2021-04-03T10:10:21Z')).toBe(30192);
    expect(ORBIT_MODELS.S2A.relativeOrbit(30192)).toBe(22);
    expect(ORBIT_MODELS.S2B.relativeOrbit(20270)).toBe(81);
    expect(at('S3A', '2021-05-23T00:30:29Z')).toBe(27410);
    expect([ORBIT_MODELS.S3A.relativeOrbit(27410), ORBIT_MODELS.S3A.cycle(27410)]).toEqual([102, 72]);
    expect([ORBIT_MODELS.S3B.relativeOrbit(15868), ORBIT_MODELS.S3B.cycle(15868)]).toEqual([196, 52]);
    expect(at('S5P', '2020-03-03T02:26:00Z')).toBe(12367);
  });
});
