import proj4, { type Converter } from 'proj4';

/** WGS 84 / UTM zone conversions (EPSG:326xx north, 327xx south), done by proj4: forward is UTM → lon/lat. */

const converters = new Map<string, Converter>();

function converter(zone: number, north: boolean): Converter {
  const key = `${zone}${north ? 'N' : 'S'}`;
  let c = converters.get(key);
  if (!c) {
    c = proj4(`+proj=utm +zone=${zone}${north ? '' : ' +south'} +datum=WGS84 +units=m +no_defs`, 'EPSG:4326');
    converters.set(key, c);
  }
  return c;
}

export function centralMeridian(zone: number): number {
  return (zone - 1) * 6 - 180 + 3;
}

/**
 * Easting/northing in metres → [lon, lat]. The longitude is kept continuous around the zone's central
 * meridian instead of being wrapped to ±180: a zone 1 tile reaching past the antimeridian keeps one
 * unbroken ring (e.g. -180.6), which the catalogue splits where it is stored.
 */
export function utmToLonLat(eastingM: number, northingM: number, zone: number, north: boolean): [number, number] {
  const [lon, lat] = converter(zone, north).forward([eastingM, northingM]) as [number, number];
  const cm = centralMeridian(zone);
  const continuous = lon - cm > 180 ? lon - 360 : lon - cm < -180 ? lon + 360 : lon;
  return [continuous, lat];
}

/** [lon, lat] → easting/northing in metres in the given zone (southern hemisphere by latitude unless told). */
export function lonLatToUtm(lon: number, lat: number, zone: number, north = lat >= 0): [number, number] {
  return converter(zone, north).inverse([lon, lat]) as [number, number];
}
