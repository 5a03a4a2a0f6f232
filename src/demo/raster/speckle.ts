import { createRandom } from '../random.ts';

/**
 * SAR speckle: the amplitude of a multi-looked radar image is the backscatter's amplitude times the
 * square root of a unit-mean gamma variable of L looks (Goodman's fully developed speckle; Sentinel-1
 * IW GRDH has an equivalent number of looks of about 4.4). Gamma draws are taken from a table of 4096
 * made once (sums of L exponentials, L = 4), indexed per pixel by a 32-bit hash of the product and
 * pixel: no logarithm per pixel, and the same pattern for the same product.
 */

const TABLE_SIZE = 4096;
const LOOKS = 4;

let table: Float32Array | undefined;

function speckleTable(): Float32Array {
  if (table) return table;
  const rng = createRandom('eohub-demo-speckle');
  table = new Float32Array(TABLE_SIZE);
  for (let i = 0; i < TABLE_SIZE; i++) {
    let sum = 0;
    for (let k = 0; k < LOOKS; k++) sum -= Math.log(1 - rng.next());
    table[i] = Math.sqrt(sum / LOOKS);
  }
  return table;
}

/** Amplitude factors (mean square 1) for `count` pixels, from a product's own 32-bit seed. */
export function speckleFactors(count: number, seed: number): Float32Array {
  const t = speckleTable();
  const out = new Float32Array(count);
  let state = seed >>> 0 || 0x9e3779b9;
  for (let i = 0; i < count; i++) {
    // xorshift32 (Marsaglia 2003): fast, and plenty for picking table entries.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    out[i] = t[(state >>> 0) & (TABLE_SIZE - 1)] as number;
  }
  return out;
}
