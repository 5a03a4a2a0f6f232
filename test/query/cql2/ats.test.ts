/**
 * The CQL2 Abstract Test Suite (OGC 21-065 Annex A) on both backends: every test-data row of every
 * conformance class eohub declares (CQL2_CONFORMANCE), and whose dependencies it declares too, returns
 * the expected number of Natural Earth features through parse → searchProducts, once from the row's CQL2
 * text and once from the same filter in CQL2 JSON.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { searchProducts } from '../../../src/catalog/index.ts';
import {
  and,
  CQL2_CONFORMANCE,
  eq,
  parseCql2Json,
  parseCql2Text,
  parseCql2TextAst,
  prop,
  type Filter,
  type PropertyResolver,
} from '../../../src/query/index.ts';
import type { Queryable } from '../../../src/db/index.ts';
import { loadNaturalEarth, neCollection, readNaturalEarth, type NeLayer } from '../../support/natural-earth.ts';
import { withDb } from '../../support/with-db.ts';
import { astToJson, readAtsRows, type AtsRow } from './ats-tables.ts';
import { INTERNAL_SEES_EVERYTHING } from '../../../src/access/index.ts';

const CONF = 'http://www.opengis.net/spec/cql2/1.0/conf/';
const declared = new Set(CQL2_CONFORMANCE.map((uri) => uri.slice(CONF.length)));
/** The classes with test-data tables; cql2-text and cql2-json are the encodings every row goes through. */
const EVALUATED = [...declared].filter((c) => c !== 'cql2-text' && c !== 'cql2-json');
const rows: AtsRow[] = EVALUATED.flatMap(readAtsRows).filter((r) => r.dependencies.every((d) => declared.has(d)));

/**
 * ATS rows whose expected count contradicts ne110m4cql2.gpkg itself, reported upstream as
 * opengeospatial/ogcapi-features#1011 (open). Of its 243 places, Chișinău, Chicago
 * and Chengdu start with "Ch" under any accent or case folding (3, not 2), and only Chișinău starts with
 * "chis" (1, not 2). For these rows the test checks eohub against the count computed here, independently
 * of SQL, from the GeoPackage (NFD decomposition without combining marks for ACCENTI, toLowerCase for
 * CASEI), and that this count indeed differs from the table's.
 */
const ERRATA = new Map<string, { caseInsensitive: boolean; pattern: string }>([
  ["ACCENTI(name) LIKE accenti('Ch%')", { caseInsensitive: false, pattern: 'Ch%' }],
  ["ACCENTI(CASEI(name)) LIKE accenti(casei('Chiș%'))", { caseInsensitive: true, pattern: 'Chiș%' }],
  ["ACCENTI(CASEI(name)) LIKE accenti(casei('cHis%'))", { caseInsensitive: true, pattern: 'cHis%' }],
]);

async function countInGeoPackage(erratum: { caseInsensitive: boolean; pattern: string }): Promise<number> {
  const fold = (s: string): string => {
    const bare = s.normalize('NFD').replace(/\p{M}/gu, '');
    return erratum.caseInsensitive ? bare.toLowerCase() : bare;
  };
  const body = fold(erratum.pattern)
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/%/g, '.*')
    .replace(/_/g, '.');
  const like = new RegExp(`^${body}$`, 'su');
  const places = (await readNaturalEarth()).find((l) => l.layer === 'ne_110m_populated_places_simple');
  return (places?.features ?? []).filter((f) => {
    const name = f.attributes['name'];
    return name?.type === 'String' && like.test(fold(name.value));
  }).length;
}

async function count(db: Queryable, layer: string, filter: Filter): Promise<number | undefined> {
  const page = await searchProducts(db, {
    scope: INTERNAL_SEES_EVERYTHING,
    filter: and(eq(prop('collection'), neCollection(layer as NeLayer)), filter),
    limit: 1,
    count: true,
  });
  return page.numberMatched;
}

describe('the CQL2 Abstract Test Suite tables', () => {
  it('has rows for every evaluated class', () => {
    for (const c of EVALUATED) expect(rows.filter((r) => r.conformanceClass === c).length, c).toBeGreaterThan(0);
  });
});

withDb('CQL2 Abstract Test Suite on Natural Earth', (ctx) => {
  let resolvers: Map<NeLayer, PropertyResolver>;
  beforeAll(async () => {
    resolvers = await loadNaturalEarth(ctx.db);
  }, 120_000);

  const resolver = (layer: string): PropertyResolver => {
    const r = resolvers.get(layer as NeLayer);
    if (!r) throw new Error(`no data source ${layer}`);
    return r;
  };

  for (const c of EVALUATED) {
    describe(c, () => {
      it.each(
        rows.filter((r) => r.conformanceClass === c).map((r) => [r.layer.replace('ne_110m_', ''), r.predicate, r.expected, r] as const),
      )('%s: %s matches %i', async (_layer, predicate, expected, row) => {
        const resolve = resolver(row.layer);
        const erratum = ERRATA.get(predicate);
        let want = expected;
        if (erratum) {
          want = await countInGeoPackage(erratum);
          expect(want, 'the erratum is real').not.toBe(expected);
        }
        expect(await count(ctx.db, row.layer, parseCql2Text(predicate, resolve)), 'cql2-text').toBe(want);
        const json = astToJson(parseCql2TextAst(predicate));
        expect(await count(ctx.db, row.layer, parseCql2Json(json, resolve)), 'cql2-json').toBe(want);
      });
    });
  }
});
