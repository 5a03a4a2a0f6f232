import type { ProductFile } from '../catalog/index.ts';

const MEDIA_TYPES: Record<string, string> = {
  xml: 'application/xml',
  safe: 'application/xml',
  eof: 'application/xml',
  xsd: 'application/xml',
  kml: 'application/vnd.google-earth.kml+xml',
  json: 'application/json',
  nc: 'application/x-netcdf',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  jp2: 'image/jp2',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  pdf: 'application/pdf',
  html: 'text/html',
  txt: 'text/plain',
  gml: 'application/gml+xml',
  zip: 'application/zip',
};

export function mediaTypeOf(path: string): string {
  const ext = /\.([A-Za-z0-9]+)$/.exec(path)?.[1]?.toLowerCase() ?? '';
  return MEDIA_TYPES[ext] ?? 'application/octet-stream';
}

/** What a file is for, from the conventions of SAFE / SEN3 / netCDF products. */
export function roleOf(path: string): ProductFile['role'] {
  const lower = path.toLowerCase();
  const base = lower.split('/').pop() ?? lower;
  if (/(^|\/)(preview|qi_data)\//.test(lower) && /\.(png|jpe?g|jp2|kml|html)$/.test(base)) return 'quicklook';
  if (/quick-?look|-ql\.|_pvi\.|thumbnail/.test(base)) return 'quicklook';
  if (/(^|\/)annotation\//.test(lower)) return 'annotation';
  if (/(^|\/)(measurement|img_data)\//.test(lower) || /\.(nc|tiff?|jp2|dat)$/.test(base)) return 'data';
  if (
    /^(manifest\.safe|xfdumanifest\.xml|mtd_.*\.xml|metadata\.xml|productinfo\.json|tileinfo\.json)$/.test(base) ||
    /\.(eof|xml|json)$/.test(base)
  ) {
    return 'metadata';
  }
  return 'auxiliary';
}
