/**
 * Demo data: `eohub demo --count N --seed S --out DIR` writes N structurally faithful Sentinel-1, -2,
 * -3 and -5P products and Sentinel-1 orbit files into DIR, so a first start has something to search.
 * The products copy the real layouts (SAFE manifests and MTD files, SEN3 xfdumanifest, netCDF-4
 * metadata groups, Earth Explorer orbit files) because they go through the same extractors as real data;
 * their images are real but small, drawn from Natural Earth's coastline (raster/: Cloud-Optimised
 * GeoTIFF bands, SAR backscatter with speckle, quicklooks, a sampled Sentinel-5P swath). Owns no
 * tables, jobs or events: it only writes files, and the same seed always writes the same bytes.
 */
export { generateDemo, missionSequence, DEMO_AREA, DEMO_MIX, DEMO_PERIOD, type DemoKind, type GenerateDemoOptions } from './generate.ts';
export { generateDemoInWorker } from './generate-in-worker.ts';
export type { DemoMission, DemoProduct } from './product-files.ts';
export { createRandom, type Random } from './random.ts';
export { tileAt, tileOutline, type Tile } from './mgrs.ts';
export { ORBIT_MODELS, orbitAt, type OrbitModel, type Platform } from './orbits.ts';
