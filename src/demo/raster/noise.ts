import { createRandom } from '../random.ts';

/**
 * Deterministic texture for the demo rasters: one periodic fractal (fBm of value noise) computed once
 * into a 512×512 table, then read with bilinear interpolation at whatever scale a renderer needs.
 * A table lookup costs a few nanoseconds where evaluating six octaves per pixel would cost a hundred,
 * and hundreds of products × a hundred thousand pixels each make that difference the start-up time.
 * The table is the same for every demo seed: relief is part of the world, like the coastline; what
 * differs between products (clouds, speckle) reads it at offsets drawn from the product's own stream.
 */

export const NOISE_SIZE = 512;
const MASK = NOISE_SIZE - 1;

let table: Float32Array | undefined;

/** Zero-mean, unit-variance periodic noise (period 512 in both axes), smooth at scales above one unit. */
export function noiseAt(x: number, y: number): number {
  const t = (table ??= buildTable());
  const fx = Math.floor(x);
  const fy = Math.floor(y);
  const ax = x - fx;
  const ay = y - fy;
  const x0 = fx & MASK;
  const y0 = fy & MASK;
  const x1 = (x0 + 1) & MASK;
  const y1 = ((y0 + 1) & MASK) * NOISE_SIZE;
  const r0 = y0 * NOISE_SIZE;
  const top = (t[r0 + x0] as number) + ((t[r0 + x1] as number) - (t[r0 + x0] as number)) * ax;
  const bottom = (t[y1 + x0] as number) + ((t[y1 + x1] as number) - (t[y1 + x0] as number)) * ax;
  return top + (bottom - top) * ay;
}

/** Six octaves of value noise on lattices of 4 … 128 cells across the table, each half as strong as the last. */
function buildTable(): Float32Array {
  const rng = createRandom('eohub-demo-relief');
  const out = new Float32Array(NOISE_SIZE * NOISE_SIZE);
  let amplitude = 1;
  for (let cells = 4; cells <= 128; cells *= 2, amplitude *= 0.55) {
    const lattice = Float32Array.from({ length: cells * cells }, () => rng.next() * 2 - 1);
    const scale = cells / NOISE_SIZE;
    for (let y = 0; y < NOISE_SIZE; y++) {
      const gy = y * scale;
      const iy = Math.floor(gy);
      const sy = smooth(gy - iy);
      const row0 = iy * cells;
      const row1 = ((iy + 1) % cells) * cells;
      for (let x = 0; x < NOISE_SIZE; x++) {
        const gx = x * scale;
        const ix = Math.floor(gx);
        const sx = smooth(gx - ix);
        const ix1 = (ix + 1) % cells;
        const top = (lattice[row0 + ix] as number) * (1 - sx) + (lattice[row0 + ix1] as number) * sx;
        const bottom = (lattice[row1 + ix] as number) * (1 - sx) + (lattice[row1 + ix1] as number) * sx;
        out[y * NOISE_SIZE + x] = (out[y * NOISE_SIZE + x] as number) + amplitude * (top * (1 - sy) + bottom * sy);
      }
    }
  }
  let mean = 0;
  for (const v of out) mean += v;
  mean /= out.length;
  let variance = 0;
  for (const v of out) variance += (v - mean) ** 2;
  const sd = Math.sqrt(variance / out.length);
  for (let i = 0; i < out.length; i++) out[i] = ((out[i] as number) - mean) / sd;
  return out;
}

const smooth = (t: number): number => t * t * (3 - 2 * t);
