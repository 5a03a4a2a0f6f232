/**
 * What CQL2 filters mean in the database, beyond the ATS tables: arithmetic operators, run-time division
 * by zero as the client's mistake, ACCENTI, and comparisons of two literals or two properties.
 */
import { beforeAll, expect, it } from 'vitest';
import { searchProducts } from '../../../src/catalog/index.ts';
import { DB_ERRORS, toHubError } from '../../../src/db/index.ts';
import { HubError, isHubError } from '../../../src/errors/index.ts';
import { QUERY_ERRORS, parseCql2Text, type PropertyResolver } from '../../../src/query/index.ts';
import { insertTestProducts } from '../../support/products.ts';
import { withDb } from '../../support/with-db.ts';
import { INTERNAL_SEES_EVERYTHING } from '../../../src/access/index.ts';

const resolve: PropertyResolver = (name) => {
  if (name === 'a' || name === 'b') return { kind: 'attribute', name, type: 'Integer' };
  if (name === 'city') return { kind: 'attribute', name, type: 'String' };
  if (name === 'big') return { kind: 'attribute', name, type: 'Boolean' };
  throw new HubError(QUERY_ERRORS.FILTER_UNKNOWN_PROPERTY, 'invalid', `unknown ${name}`);
};

withDb('CQL2 filters evaluated', (ctx) => {
  beforeAll(async () => {
    await insertTestProducts(ctx.db, [
      { name: 'zero', attributes: { a: 0, b: 7, city: 'Chișinău', big: false } },
      { name: 'two', attributes: { a: 2, b: -7, city: 'São Paulo', big: true } },
    ]);
  });

  const names = async (text: string): Promise<string[]> =>
    (await searchProducts(ctx.db, { scope: INTERNAL_SEES_EVERYTHING, filter: parseCql2Text(text, resolve), limit: 10 })).products
      .map((p) => p.name)
      .sort();

  it('evaluates + - * / % div ^ and unary minus on numbers', async () => {
    expect(await names('b % 4 = 3')).toEqual(['zero']); // 7 mod 4
    expect(await names('b % 4 = -3')).toEqual(['two']); // the remainder takes the dividend's sign
    expect(await names('b div 2 = -3')).toEqual(['two']); // integer division truncates toward zero
    expect(await names('2 ^ a = 4')).toEqual(['two']);
    expect(await names('-b = 7')).toEqual(['two']);
    expect(await names('b / 2 = 3.5 AND a * 3 - 1 = -1')).toEqual(['zero']);
  });

  it('answers a division by zero met in a row as the client’s mistake, not a server fault', async () => {
    const error = await searchProducts(ctx.db, {
      scope: INTERNAL_SEES_EVERYTHING,
      filter: parseCql2Text('b / a > 1', resolve),
      limit: 10,
    }).catch((e: unknown) => e);
    const mapped = toHubError(error);
    expect(isHubError(mapped) && mapped.kind).toBe('invalid');
    expect(isHubError(mapped) && mapped.code).toBe(DB_ERRORS.DIVISION_BY_ZERO);
  });

  it('compares with accents removed under ACCENTI, and with them otherwise', async () => {
    expect(await names("ACCENTI(city) = ACCENTI('Sao Paulo')")).toEqual(['two']);
    expect(await names("city = 'Sao Paulo'")).toEqual([]);
    expect(await names("ACCENTI(city) IN (ACCENTI('chisinau'), ACCENTI('Chisinau'))")).toEqual(['zero']);
  });

  it('reads a boolean queryable standing alone as the predicate', async () => {
    expect(await names('big')).toEqual(['two']);
    expect(await names('NOT big')).toEqual(['zero']);
  });

  it('compares two literals and two properties', async () => {
    expect(await names('S_INTERSECTS(POINT(0 0), BBOX(-1, -1, 1, 1))')).toEqual(['two', 'zero']);
    expect(await names('S_WITHIN(POINT(0 0), BBOX(170, -1, -170, 1))')).toEqual([]);
    expect(await names('S_WITHIN(POINT(179 0), BBOX(170, -1, -170, 1))')).toEqual(['two', 'zero']);
    expect(await names('1 = 1')).toEqual(['two', 'zero']);
    expect(await names("'a' > 'b'")).toEqual([]);
    expect(await names('a < b')).toEqual(['zero']);
  });
});
