import { joinKey } from './keys.ts';

/**
 * The CDSE S3 layout (reference/cdse.md §5): `<Mission>/<Instrument>/<ProductType>/YYYY/MM/DD/<Name>`,
 * dated by sensing start. Products without a sensing time are filed under their publication date.
 */
export function productPrefix(
  layout: { mission: string; instrument: string; productType: string },
  date: string,
  folderName: string,
): string {
  const d = new Date(date);
  const yyyy = String(d.getUTCFullYear()).padStart(4, '0');
  const mm = String(d.getUTCMonth() + 1).padStart(2, '0');
  const dd = String(d.getUTCDate()).padStart(2, '0');
  return joinKey(
    safeSegment(layout.mission),
    safeSegment(layout.instrument),
    safeSegment(layout.productType),
    yyyy,
    mm,
    dd,
    safeSegment(folderName),
  );
}

/** Path segments come from product metadata; anything that could change the path's shape is replaced. */
function safeSegment(s: string): string {
  const cleaned = s.replace(/[/\\\0]/g, '_').replace(/^\.+/, '_');
  return cleaned === '' ? '_' : cleaned;
}
