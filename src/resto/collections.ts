/**
 * Collection names as CDSE's resto spells them in its paths (`Sentinel2`, also `SENTINEL-2`; reference/cdse.md
 * §2) and eohub's catalogue names. A name that is neither a CDSE spelling nor a catalogue collection is 404.
 */
import { HubError } from '../errors/index.ts';
import { RESTO_ERRORS } from './errors.ts';

export const RESTO_COLLECTIONS: Readonly<Record<string, string>> = {
  Sentinel1: 'SENTINEL-1',
  Sentinel1RTC: 'SENTINEL-1-RTC',
  Sentinel2: 'SENTINEL-2',
  Sentinel3: 'SENTINEL-3',
  Sentinel5P: 'SENTINEL-5P',
  Sentinel6: 'SENTINEL-6',
  Envisat: 'ENVISAT',
  Landsat5: 'LANDSAT-5',
  Landsat7: 'LANDSAT-7',
  Landsat8: 'LANDSAT-8',
  SMOS: 'SMOS',
  'COP-DEM': 'COP-DEM',
  TERRAAQUA: 'TERRAAQUA',
  S2GLC: 'S2GLC',
  'GLOBAL-MOSAICS': 'GLOBAL-MOSAICS',
};

/** The resto path name of a catalogue collection (`SENTINEL-2` → `Sentinel2`), itself when CDSE has none. */
export function restoCollectionName(catalogueName: string): string {
  return Object.entries(RESTO_COLLECTIONS).find(([, v]) => v === catalogueName)?.[0] ?? catalogueName;
}

/** The catalogue name for a path segment: a CDSE spelling, or a collection the catalogue holds. */
export function catalogueCollection(pathName: string, known: readonly string[]): string {
  const mapped = Object.hasOwn(RESTO_COLLECTIONS, pathName) ? RESTO_COLLECTIONS[pathName] : undefined;
  if (mapped !== undefined) return mapped;
  if (known.includes(pathName)) return pathName;
  throw new HubError(RESTO_ERRORS.RESTO_UNKNOWN_COLLECTION, 'not_found', `Collection '${pathName.slice(0, 100)}' does not exist.`);
}
