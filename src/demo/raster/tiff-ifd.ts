/**
 * The TIFF 6.0 container pieces a GeoTIFF needs: image file directories (IFDs) with their tags, laid
 * out little-endian in classic (32-bit offset) TIFF. Only what the demo writes is covered: SHORT,
 * LONG, ASCII and DOUBLE values (TIFF 6.0 §2, "Image File Directory").
 */

export const TIFF_TYPE = { ascii: 2, short: 3, long: 4, double: 12 } as const;
type TiffType = keyof typeof TIFF_TYPE;

const TYPE_SIZE: Record<TiffType, number> = { ascii: 1, short: 2, long: 4, double: 8 };

export interface TiffTag {
  tag: number;
  type: TiffType;
  /** Numbers for SHORT, LONG and DOUBLE; a string (written NUL-terminated) for ASCII. */
  values: readonly number[] | string;
}

/** Tag numbers used by the writer: TIFF 6.0 baseline and extensions, GeoTIFF 1.1 (OGC 19-008r4), GDAL's private tags. */
export const TAG = {
  newSubfileType: 254,
  imageWidth: 256,
  imageLength: 257,
  bitsPerSample: 258,
  compression: 259,
  photometric: 262,
  imageDescription: 270,
  samplesPerPixel: 277,
  planarConfiguration: 284,
  software: 305,
  dateTime: 306,
  predictor: 317,
  tileWidth: 322,
  tileLength: 323,
  tileOffsets: 324,
  tileByteCounts: 325,
  sampleFormat: 339,
  modelPixelScale: 33550,
  modelTiepoint: 33922,
  geoKeyDirectory: 34735,
  geoAsciiParams: 34737,
  gdalMetadata: 42112,
  gdalNoData: 42113,
} as const;

function valueCount(t: TiffTag): number {
  return typeof t.values === 'string' ? Buffer.byteLength(t.values, 'latin1') + 1 : t.values.length;
}

function valueBytes(t: TiffTag): number {
  return valueCount(t) * TYPE_SIZE[t.type];
}

/** Bytes an IFD takes: the entry count, 12 bytes per entry, the next-IFD offset, then values longer than 4 bytes (each word-aligned). */
export function ifdSize(tags: readonly TiffTag[]): number {
  let size = 2 + 12 * tags.length + 4;
  for (const t of tags) {
    const n = valueBytes(t);
    if (n > 4) size += n + (n % 2);
  }
  return size;
}

/**
 * Writes one IFD at `offset` of `out` (tags sorted by number, as TIFF 6.0 requires), with its long
 * values right after the entries, and `nextIfd` as the link to the following IFD (0 for the last).
 */
export function writeIfd(out: DataView, offset: number, tags: readonly TiffTag[], nextIfd: number): void {
  const sorted = [...tags].sort((a, b) => a.tag - b.tag);
  let extra = offset + 2 + 12 * sorted.length + 4;
  out.setUint16(offset, sorted.length, true);
  sorted.forEach((t, i) => {
    const entry = offset + 2 + 12 * i;
    const n = valueBytes(t);
    out.setUint16(entry, t.tag, true);
    out.setUint16(entry + 2, TIFF_TYPE[t.type], true);
    out.setUint32(entry + 4, valueCount(t), true);
    let at = entry + 8;
    if (n > 4) {
      out.setUint32(entry + 8, extra, true);
      at = extra;
      extra += n + (n % 2);
    }
    writeValues(out, at, t);
  });
  out.setUint32(offset + 2 + 12 * sorted.length, nextIfd, true);
}

function writeValues(out: DataView, at: number, t: TiffTag): void {
  if (typeof t.values === 'string') {
    const bytes = Buffer.from(t.values, 'latin1');
    bytes.forEach((b, i) => out.setUint8(at + i, b));
    out.setUint8(at + bytes.length, 0);
    return;
  }
  t.values.forEach((v, i) => {
    if (t.type === 'short') out.setUint16(at + 2 * i, v, true);
    else if (t.type === 'long') out.setUint32(at + 4 * i, v, true);
    else out.setFloat64(at + 8 * i, v, true);
  });
}
