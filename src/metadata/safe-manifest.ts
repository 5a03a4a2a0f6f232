import { HubError } from '../errors/index.ts';
import { METADATA_ERRORS } from './errors.ts';
import { polygon, ringFromLatLonList, ringFromLatLonPairs, toIsoUtc } from './geometry.ts';
import { checkRelativePath, dirOf, findFiles } from './product-source.ts';
import type { AttributeValue, FootprintGeometry, ProductSource } from './types.ts';
import { parseXml, xmlFind, xmlFirstText, xmlText } from './xml.ts';

/**
 * Readers for the SAFE `manifest.safe` (an XFDU document) that Sentinel-1 and Sentinel-2 share: the
 * DMD metadata objects (acquisition period, platform, orbit reference, frame set, processing) and the
 * data-object list; plus the small helpers both extractors need (typed attributes, the AWS JSON side
 * files). Mission-specific parts stay with each extractor.
 */

export interface SafeManifest {
  /** Path of manifest.safe in the source. */
  path: string;
  /** Folder holding it: the product's top ('' when the files sit at the source top). */
  root: string;
  doc: Record<string, unknown>;
}

/** What both missions' manifests say in the same SAFE vocabulary. */
export interface SafeCommon {
  startTime: string | undefined;
  stopTime: string | undefined;
  orbitNumber: number | undefined;
  relativeOrbitNumber: number | undefined;
  /** ASCENDING / DESCENDING (S1 `s1:pass`, S2 `groundTrackDirection`). */
  orbitDirection: string | undefined;
  cycleNumber: number | undefined;
  /** `SENTINEL-1` (S1) or `SENTINEL` (S2). */
  familyName: string | undefined;
  /** `A` (S1) or `2A` (S2). */
  number: string | undefined;
  /** Instrument abbreviation: SAR, MSI. */
  instrument: string | undefined;
  footprint: FootprintGeometry | null;
  /** The product's own (outermost) processing step. */
  processing: Record<'name' | 'start' | 'stop' | 'facility' | 'software' | 'softwareVersion', string | undefined>;
}

/** `other`: a name that says another Sentinel (S3A_…, S5P_…, S6A_…). */
export type SafeMission = 'S1' | 'S2' | 'other';

/** The shallowest `manifest.safe`, or undefined. */
export function findSafeManifestPath(source: ProductSource): string | undefined {
  return findFiles(source, /^manifest\.safe$/)[0]?.path;
}

export async function readSafeManifest(source: ProductSource, path: string): Promise<SafeManifest> {
  const doc = parseXml(await source.readFile(path), path);
  if (xmlFind(doc, 'XFDU').length === 0) throw malformed(`${path} is not a SAFE manifest (no XFDU root element)`);
  return { path, root: dirOf(path), doc };
}

/** The `metadataObject` with that ID. */
export function metadataObject(manifest: SafeManifest, id: string): unknown {
  return xmlFind(manifest.doc, 'metadataObject').find((o) => attr(o, 'ID') === id);
}

export function readSafeCommon(manifest: SafeManifest): SafeCommon {
  const acquisition = metadataObject(manifest, 'acquisitionPeriod');
  const orbit = metadataObject(manifest, 'measurementOrbitReference');
  const platform = metadataObject(manifest, 'platform');
  const orbitNumberNode = startOf(xmlFind(orbit, 'orbitNumber'));
  const direction = xmlFirstText(orbit, 'pass') ?? attr(orbitNumberNode, 'groundTrackDirection');
  const instrumentNode = xmlFind(platform, 'instrument')[0];
  const top = xmlFind(metadataObject(manifest, 'processing'), 'processing')[0];
  const facility = xmlFind(top, 'facility')[0];
  const software = xmlFind(facility, 'software')[0];
  return {
    startTime: xmlFirstText(acquisition, 'startTime'),
    stopTime: xmlFirstText(acquisition, 'stopTime'),
    orbitNumber: parseInteger(xmlText(orbitNumberNode)),
    relativeOrbitNumber: parseInteger(xmlText(startOf(xmlFind(orbit, 'relativeOrbitNumber')))),
    orbitDirection: direction?.toUpperCase(),
    cycleNumber: parseInteger(xmlFirstText(orbit, 'cycleNumber')),
    // The platform's own familyName, not the instrument's one below it.
    familyName: xmlText(objectAt(platform, ['metadataWrap', 'xmlData', 'platform', 'familyName'])),
    number: xmlFirstText(platform, 'number'),
    instrument: attr(xmlFind(instrumentNode, 'familyName')[0], 'abbreviation'),
    footprint: readFrameSet(metadataObject(manifest, 'measurementFrameSet')),
    processing: {
      name: attr(top, 'name'),
      start: attr(top, 'start'),
      stop: attr(top, 'stop'),
      facility: attr(facility, 'name'),
      software: attr(software, 'name'),
      softwareVersion: attr(software, 'version'),
    },
  };
}

/** Which mission a manifest describes, by its content; undefined if it is neither S1 nor S2. */
export function safeMissionOf(common: SafeCommon): 'S1' | 'S2' | undefined {
  if (common.instrument === 'MSI' || /^2[A-Z]$/.test(common.number ?? '')) return 'S2';
  if (common.instrument === 'SAR' || common.familyName === 'SENTINEL-1') return 'S1';
  return undefined;
}

/**
 * Guesses the mission of a SAFE from file names only (what `matches()` may use): sibling files first
 * (an MTD or GRANULE/ is Sentinel-2; annotation/, measurement/ or the AWS productInfo.json is
 * Sentinel-1), then the name of the manifest's folder, then the name the product arrived under.
 */
export function guessSafeMission(source: ProductSource, manifestPath: string): SafeMission | undefined {
  const root = dirOf(manifestPath);
  const prefix = root === '' ? '' : `${root}/`;
  let mission: SafeMission | undefined;
  for (const f of source.files) {
    if (!f.path.startsWith(prefix)) continue;
    const rel = f.path.slice(prefix.length);
    if (/^(MTD_MSIL\w+\.xml|GRANULE\/|DATASTRIP\/)/.test(rel)) return 'S2';
    if (/^(annotation\/|measurement\/|productInfo\.json$)/.test(rel)) mission = 'S1';
  }
  return mission ?? missionOfName(root.split('/').pop() ?? '') ?? missionOfName(source.arrivalName);
}

function missionOfName(name: string): SafeMission | undefined {
  if (/^S1[A-D_]_/.test(name)) return 'S1';
  if (/^S2[A-D_]_/.test(name)) return 'S2';
  if (/^S[3-6][A-DP_]_/.test(name)) return 'other';
  return undefined;
}

/** The product's name as the folder holding the manifest or the arrival name gives it, with `.SAFE`. */
export function safeNameFromFolder(source: ProductSource, manifest: SafeManifest): string {
  const folder = manifest.root.split('/').pop() ?? '';
  const base = folder !== '' ? folder : source.arrivalName;
  return `${base.replace(/\.zip$/i, '').replace(/\.SAFE$/i, '')}.SAFE`;
}

/**
 * One warning per `dataObject` whose file is not in the product. `rename` maps a manifest path to the
 * path the product really uses (the AWS layouts rename files and record it in productInfo.json).
 */
export function missingDataObjectWarnings(source: ProductSource, manifest: SafeManifest, rename?: (path: string) => string): string[] {
  const present = new Set(source.files.map((f) => f.path));
  const prefix = manifest.root === '' ? '' : `${manifest.root}/`;
  const warnings: string[] = [];
  for (const location of xmlFind(xmlFind(manifest.doc, 'dataObjectSection'), 'fileLocation')) {
    const href = attr(location, 'href');
    if (href === undefined) continue;
    let path: string;
    try {
      path = checkRelativePath(href);
    } catch {
      // Never followed, so not a danger to us, but worth telling whoever ingests it.
      warnings.push(`${manifest.path} references ${href}, which points outside the product`);
      continue;
    }
    const actual = rename ? rename(path) : path;
    if (!present.has(prefix + actual)) warnings.push(`${manifest.path} references ${path}, which is not in the product`);
  }
  return warnings;
}

/**
 * `gml:coordinates` of each frame: "lat,lon lat,lon" in Sentinel-1 manifests, "lat lon lat lon" in
 * Sentinel-2 ones. Several frames (wave mode) make a MultiPolygon.
 */
function readFrameSet(frameSet: unknown): FootprintGeometry | null {
  const rings = xmlFind(frameSet, 'coordinates')
    .map((c) => xmlText(c))
    .filter((t): t is string => t !== undefined && t.trim() !== '')
    .map((t) => (t.includes(',') ? ringFromLatLonPairs(t) : ringFromLatLonList(t)));
  return footprintOfRings(rings);
}

/** One ring is a Polygon, several (S1 wave mode frames, old multi-tile S2) a MultiPolygon, none null. */
export function footprintOfRings(rings: number[][][]): FootprintGeometry | null {
  const [only, ...more] = rings;
  if (only === undefined) return null;
  return more.length === 0 ? polygon(only) : { type: 'MultiPolygon', coordinates: rings.map((r) => [r]) };
}

/** Of repeated `type="start"|"stop"` elements, the start one (or the only one). */
function startOf(nodes: unknown[]): unknown {
  return nodes.find((n) => attr(n, 'type') === 'start') ?? nodes[0];
}

/** An XML attribute as parseXml keeps it (`@name`), if present and not empty. */
export function attr(node: unknown, name: string): string | undefined {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
  // A non-null, non-array object: parseXml's elements are string-keyed records.
  const v = (node as Record<string, unknown>)[`@${name}`];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** The element at a path of child names, taking the first of repeated elements. */
function objectAt(node: unknown, path: string[]): unknown {
  let n = node;
  for (const key of path) {
    if (Array.isArray(n)) n = n[0];
    if (n === null || typeof n !== 'object') return undefined;
    // As in attr(): a parsed element is a string-keyed record.
    n = (n as Record<string, unknown>)[key];
  }
  return Array.isArray(n) ? n[0] : n;
}

export function parseInteger(text: string | undefined): number | undefined {
  if (text === undefined || !/^\s*[+-]?\d+\s*$/.test(text)) return undefined;
  return Number(text);
}

export function parseDouble(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const v = Number(text);
  return Number.isFinite(v) ? v : undefined;
}

/**
 * Collects typed attributes, skipping values a product does not state, so that an absent element never
 * becomes an empty string or NaN in the catalogue.
 */
export class AttributeBag {
  readonly values: Record<string, AttributeValue> = {};

  string(name: string, value: string | undefined): void {
    if (value !== undefined && value.trim() !== '') this.values[name] = { type: 'String', value: value.trim() };
  }

  integer(name: string, value: number | undefined): void {
    if (value !== undefined && Number.isSafeInteger(value)) this.values[name] = { type: 'Integer', value };
  }

  double(name: string, value: number | undefined): void {
    if (value !== undefined && Number.isFinite(value)) this.values[name] = { type: 'Double', value };
  }

  dateTime(name: string, value: string | undefined): void {
    if (value !== undefined && value.trim() !== '') this.values[name] = { type: 'DateTimeOffset', value: toIsoUtc(value) };
  }

  boolean(name: string, value: string | undefined): void {
    if (value === 'true' || value === 'false') this.values[name] = { type: 'Boolean', value: value === 'true' };
  }
}

/** Reads a small JSON side file (AWS `productInfo.json`, `tileInfo.json`) that must hold an object. */
export async function readJsonObject(source: ProductSource, path: string): Promise<Record<string, unknown>> {
  const text = (await source.readFile(path)).toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new HubError(METADATA_ERRORS.MALFORMED, 'invalid', `${path} is not valid JSON`, { cause });
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw malformed(`${path} does not hold a JSON object`);
  // Checked just above to be a plain object.
  return value as Record<string, unknown>;
}

/** The value at a path of keys in parsed JSON, or undefined. */
export function jsonPath(value: unknown, path: string[]): unknown {
  let v = value;
  for (const key of path) {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
    // A non-null, non-array object: JSON objects are string-keyed records.
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

export function stringAt(value: unknown, path: string[]): string | undefined {
  const v = jsonPath(value, path);
  return typeof v === 'string' && v !== '' ? v : undefined;
}

export function numberAt(value: unknown, path: string[]): number | undefined {
  const v = jsonPath(value, path);
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** The extraction error for a product that lacks something every product of its kind has. */
export function malformed(message: string): HubError {
  return new HubError(METADATA_ERRORS.MALFORMED, 'invalid', message);
}
