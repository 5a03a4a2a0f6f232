import sharp from 'sharp';

/**
 * Quicklooks: an 8-bit RGB image scaled to the size the mission's browse images have and encoded by
 * sharp (libvips; JPEG by mozjpeg, PNG by libpng). Encoding runs on libuv's thread pool, off the
 * event loop, and gives the same bytes for the same pixels.
 */

export interface Rgb {
  width: number;
  height: number;
  /** Pixel-interleaved R, G, B. */
  data: Uint8Array;
}

export async function encodeQuicklook(image: Rgb, format: 'jpeg' | 'png', size: { width: number; height: number }): Promise<Uint8Array> {
  const pipeline = sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } }).resize(size.width, size.height, {
    fit: 'fill',
  });
  const encoded = format === 'jpeg' ? pipeline.jpeg({ quality: 80 }) : pipeline.png({ compressionLevel: 6, palette: false });
  return new Uint8Array(await encoded.toBuffer());
}

const tables = new Map<number, Uint8Array>();

/**
 * Display bytes for reflectances 0 … `white` in steps of 1/10 000 (index = reflectance × 10 000): a
 * gamma of 1/1.6, so that dark sea and vegetation stay readable next to bright clouds. A table,
 * because a power per pixel and channel is the slowest thing in drawing a quicklook.
 */
export function displayTable(white: number): Uint8Array {
  let t = tables.get(white);
  if (!t) {
    const steps = Math.round(white * 10000);
    t = Uint8Array.from({ length: steps + 1 }, (_, i) => Math.round(Math.pow(i / steps, 1 / 1.6) * 255));
    tables.set(white, t);
  }
  return t;
}
