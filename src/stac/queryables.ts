/**
 * STAC property names ↔ catalogue fields: the one mapping that filter (CQL2), sort, fields, query and the
 * `/queryables` JSON Schemas share (STAC API filter extension, "Queryables"). Common metadata and the
 * extension fields a Sentinel item carries map onto product columns and attributes; every other attribute
 * is queryable under its own name with its recorded type.
 *
 * Some STAC values are derived (`platform` = `sentinel-2b` from platformShortName + serial; lower-case
 * `sat:orbit_state`; `grid:code` = `MGRS-` + tileId). The resolver hands the query model a marker
 * attribute for them, and rewriteDerived (derived.ts) turns predicates on markers into trees over the
 * stored attributes, so that a value the API shows is also a value a filter finds.
 */
import { isHidden, type AccessScope } from '../access/index.ts';
import type { AttributeTypeEntry, AttributeValueType } from '../catalog/index.ts';
import { attribute, prop, QUERY_ERRORS, type AttributeRef, type FieldRef, type ResolvedProperty, type SortTerm } from '../query/index.ts';
import { HubError } from '../errors/index.ts';

/** Marker attributes for derived values (never stored: names with a `stac:` prefix are not attribute names). */
export const DERIVED = {
  platform: attribute('stac:platform', 'String'),
  constellation: attribute('stac:constellation', 'String'),
  instruments: attribute('stac:instruments', 'String'),
  orbitState: attribute('stac:orbit_state', 'String'),
  gridCode: attribute('stac:grid_code', 'String'),
} as const;

interface FieldMapping {
  readonly ref: FieldRef | 'footprint';
  readonly schema: Record<string, unknown>;
  /** The stored fields it sorts by; absent when not sortable. */
  readonly sort?: readonly SortTerm['key'][];
}

const DATE_TIME = { type: 'string', format: 'date-time' };
const str = (title: string): Record<string, unknown> => ({ title, type: 'string' });
const attr = (name: string, type: AttributeValueType): AttributeRef => attribute(name, type);

/** The fixed STAC names. Attributes consumed here are not repeated under their own names. */
export const STAC_FIELDS: Readonly<Record<string, FieldMapping>> = {
  id: { ref: prop('name'), schema: { title: 'Item ID', ...str('Item ID') }, sort: ['name'] },
  collection: { ref: prop('collection'), schema: str('Collection ID') },
  geometry: { ref: 'footprint', schema: { title: 'Footprint', $ref: 'https://geojson.org/schema/Geometry.json' } },
  datetime: { ref: prop('sensingStart'), schema: { title: 'Acquisition start', ...DATE_TIME }, sort: ['sensingStart'] },
  start_datetime: { ref: prop('sensingStart'), schema: { title: 'Acquisition start', ...DATE_TIME }, sort: ['sensingStart'] },
  end_datetime: { ref: prop('sensingEnd'), schema: { title: 'Acquisition end', ...DATE_TIME }, sort: ['sensingEnd'] },
  created: { ref: prop('publicationDate'), schema: { title: 'Publication time', ...DATE_TIME }, sort: ['publicationDate'] },
  updated: { ref: prop('modificationDate'), schema: { title: 'Last modification', ...DATE_TIME }, sort: ['modificationDate'] },
  platform: {
    ref: DERIVED.platform,
    schema: str('Platform (e.g. sentinel-2b)'),
    sort: [attr('platformShortName', 'String'), attr('platformSerialIdentifier', 'String')],
  },
  constellation: {
    ref: DERIVED.constellation,
    schema: str('Constellation (e.g. sentinel-2)'),
    sort: [attr('platformShortName', 'String')],
  },
  instruments: { ref: DERIVED.instruments, schema: str('Instrument (e.g. msi)'), sort: [attr('instrumentShortName', 'String')] },
  'eo:cloud_cover': {
    ref: attr('cloudCover', 'Double'),
    schema: { title: 'Cloud cover (%)', type: 'number', minimum: 0, maximum: 100 },
    sort: [attr('cloudCover', 'Double')],
  },
  'sat:absolute_orbit': {
    ref: attr('orbitNumber', 'Integer'),
    schema: { title: 'Absolute orbit', type: 'integer' },
    sort: [attr('orbitNumber', 'Integer')],
  },
  'sat:relative_orbit': {
    ref: attr('relativeOrbitNumber', 'Integer'),
    schema: { title: 'Relative orbit', type: 'integer' },
    sort: [attr('relativeOrbitNumber', 'Integer')],
  },
  'sat:orbit_state': {
    ref: DERIVED.orbitState,
    schema: { title: 'Orbit state', type: 'string', enum: ['ascending', 'descending'] },
    sort: [attr('orbitDirection', 'String')],
  },
  'sar:instrument_mode': {
    ref: attr('operationalMode', 'String'),
    schema: str('SAR instrument mode'),
    sort: [attr('operationalMode', 'String')],
  },
  'product:type': { ref: attr('productType', 'String'), schema: str('Product type'), sort: [attr('productType', 'String')] },
  'processing:level': {
    ref: attr('processingLevel', 'String'),
    schema: str('Processing level'),
    sort: [attr('processingLevel', 'String')],
  },
  'processing:version': {
    ref: attr('processorVersion', 'String'),
    schema: str('Processor version'),
    sort: [attr('processorVersion', 'String')],
  },
  'grid:code': { ref: DERIVED.gridCode, schema: str('Grid cell (e.g. MGRS-32TQM)'), sort: [attr('tileId', 'String')] },
};

/** Attributes shown under a STAC name (items.ts) and so not again under their own. */
export const MAPPED_ATTRIBUTES = new Set([
  'platformShortName',
  'platformSerialIdentifier',
  'instrumentShortName',
  'cloudCover',
  'orbitNumber',
  'relativeOrbitNumber',
  'orbitDirection',
  'operationalMode',
  'productType',
  'processingLevel',
  'processorVersion',
  'processingCenter',
  'processingDate',
  'tileId',
  'polarisationChannels',
  'beginningDateTime',
  'endingDateTime',
]);

const SCHEMA_BY_TYPE: Record<AttributeValueType, Record<string, unknown>> = {
  String: { type: 'string' },
  Integer: { type: 'integer' },
  Double: { type: 'number' },
  DateTimeOffset: DATE_TIME,
  Boolean: { type: 'boolean' },
};

/**
 * The attribute types of the collections a scope sees, from the types of every collection: what
 * `/queryables` lists and a search over several collections resolves against, so that neither names nor
 * tells apart (400 unknown property vs an empty result) the attributes of a collection hidden from the
 * caller. A name typed differently in two collections keeps the type of the first collection in name
 * order (entries come ordered by collection), so the answer is stable.
 */
export function visibleAttributeTypes(entries: readonly AttributeTypeEntry[], scope: AccessScope): Record<string, AttributeValueType> {
  const out: Record<string, AttributeValueType> = {};
  for (const e of entries) if (!Object.hasOwn(out, e.name) && !isHidden(scope, e.collection)) out[e.name] = e.valueType;
  return out;
}

/** The queryables of a collection (or of all): fixed STAC names plus every other recorded attribute. */
export class StacQueryables {
  constructor(private readonly attributeTypes: Readonly<Record<string, AttributeValueType>>) {}

  private lookup(name: string): FieldMapping | undefined {
    if (Object.hasOwn(STAC_FIELDS, name)) return STAC_FIELDS[name];
    if (MAPPED_ATTRIBUTES.has(name) || !Object.hasOwn(this.attributeTypes, name)) return undefined;
    const type = this.attributeTypes[name] as AttributeValueType; // checked by hasOwn above
    const ref = attr(name, type);
    return { ref, schema: { title: name, ...SCHEMA_BY_TYPE[type] }, sort: [ref] };
  }

  /** The CQL2 resolver: a STAC name to a catalogue field; FILTER_UNKNOWN_PROPERTY otherwise. */
  readonly resolve = (name: string): ResolvedProperty => {
    const bare = name.startsWith('properties.') ? name.slice('properties.'.length) : name;
    const found = this.lookup(bare);
    if (found === undefined) throw unknownProperty(name);
    return found.ref === 'footprint' ? { kind: 'footprint' } : found.ref;
  };

  /** The stored sort keys for a STAC name (sortby); ORDER_UNKNOWN_KEY when it is not sortable. */
  sortKeys(name: string): readonly SortTerm['key'][] {
    const bare = name.startsWith('properties.') ? name.slice('properties.'.length) : name;
    const found = this.lookup(bare);
    if (found?.sort === undefined) {
      throw new HubError(
        QUERY_ERRORS.ORDER_UNKNOWN_KEY,
        'invalid',
        `cannot sort by ${JSON.stringify(name.slice(0, 100))}; see /queryables`,
      );
    }
    return found.sort;
  }

  /** JSON Schema of the queryables (OGC API Features part 3, /req/queryables; draft 2019-09 as the filter extension shows). */
  jsonSchema(id: string, title: string): Record<string, unknown> {
    const properties: Record<string, unknown> = {};
    for (const [name, m] of Object.entries(STAC_FIELDS)) properties[name] = m.schema;
    for (const name of Object.keys(this.attributeTypes).sort()) {
      const m = this.lookup(name);
      if (m !== undefined) properties[name] = m.schema;
    }
    return {
      $schema: 'https://json-schema.org/draft/2019-09/schema',
      $id: id,
      type: 'object',
      title,
      properties,
      additionalProperties: false,
    };
  }
}

function unknownProperty(name: string): HubError {
  return new HubError(
    QUERY_ERRORS.FILTER_UNKNOWN_PROPERTY,
    'invalid',
    `unknown property ${JSON.stringify(name.slice(0, 100))}; see /queryables`,
  );
}
