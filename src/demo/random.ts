/**
 * A seeded pseudo-random generator for the demo data set: same seed, same products, byte for byte.
 * sfc32 (Chris Doty-Humphrey's "small fast counting" generator, as in PractRand) seeded through the
 * cyrb128 string hash, so any seed string gives four well-mixed 32-bit state words. Math.random is
 * never used: it cannot be seeded.
 */

export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [min, max). */
  float(min: number, max: number): number;
  /** Uniform integer in [min, max], both included. */
  int(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Picks by relative weights: `weighted([['a', 3], ['b', 1]])` gives 'a' three times out of four. */
  weighted<T>(choices: readonly (readonly [T, number])[]): T;
  /** Normal distribution (Box–Muller). */
  gaussian(mean: number, sd: number): number;
  /** `digits` lowercase hexadecimal digits. */
  hex(digits: number): string;
  /**
   * An independent generator derived from this one's seed and a label. Each product draws from its own
   * fork, so adding a field to one product's generation does not shift every product after it.
   */
  fork(label: string): Random;
}

export function createRandom(seed: string | number): Random {
  return fromSeedString(String(seed));
}

function fromSeedString(seed: string): Random {
  const next = sfc32(...cyrb128(seed));
  // Warm-up: the first outputs of sfc32 from a fresh state are poorly mixed.
  for (let i = 0; i < 12; i++) next();
  const random: Random = {
    next,
    float: (min, max) => min + (max - min) * next(),
    int: (min, max) => min + Math.floor((max - min + 1) * next()),
    chance: (p) => next() < p,
    pick: (items) => {
      if (items.length === 0) throw new RangeError('pick from an empty list');
      return items[Math.floor(items.length * next())] as (typeof items)[number];
    },
    weighted: (choices) => {
      const total = choices.reduce((sum, [, w]) => sum + w, 0);
      let r = next() * total;
      for (const [value, w] of choices) {
        r -= w;
        if (r < 0) return value;
      }
      const last = choices[choices.length - 1];
      if (!last) throw new RangeError('weighted pick from an empty list');
      return last[0];
    },
    gaussian: (mean, sd) => {
      // 1 - next() is in (0, 1], so the logarithm is finite.
      const u = 1 - next();
      const v = next();
      return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    hex: (digits) => {
      let s = '';
      while (s.length < digits)
        s += Math.floor(next() * 0x10000)
          .toString(16)
          .padStart(4, '0');
      return s.slice(0, digits);
    },
    fork: (label) => fromSeedString(`${seed}\u0000${label}`),
  };
  return random;
}

/** sfc32: 128-bit state, period ≥ 2^32, passes PractRand to 2^64 bytes. */
function sfc32(a0: number, b0: number, c0: number, d0: number): () => number {
  let a = a0 >>> 0;
  let b = b0 >>> 0;
  let c = c0 >>> 0;
  let d = d0 >>> 0;
  return () => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    return t / 4294967296;
  };
}

/** cyrb128 (bryc): a fast 128-bit non-cryptographic string hash, used only to spread a seed over the state. */
function cyrb128(str: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < str.length; i++) {
    const k = str.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}
