import { describe, expect, it } from 'vitest';
import { attribute, constant, eq, inList, isNull, like, lt, ne, not, type Filter } from '../../src/query/index.ts';
import { DERIVED } from '../../src/stac/queryables.ts';
import { rewriteDerived } from '../../src/stac/index.ts';

const SHORT = attribute('platformShortName', 'String');
const SERIAL = attribute('platformSerialIdentifier', 'String');

/** Evaluates a rewritten tree on one product's stored attributes (the subset of operators the rewrite emits). */
function holds(f: Filter, attrs: Record<string, string>): boolean {
  switch (f.op) {
    case 'and':
      return f.args.every((a) => holds(a, attrs));
    case 'or':
      return f.args.some((a) => holds(a, attrs));
    case 'not':
      return !holds(f.arg, attrs);
    case 'const':
      return f.value;
    case 'isNull':
      return f.value.kind === 'attribute' && attrs[f.value.name] === undefined;
    case 'eq': {
      if (f.left.kind !== 'attribute' || f.right.kind !== 'string') throw new Error('unexpected');
      const v = attrs[f.left.name];
      return v !== undefined && (f.caseInsensitive ? v.toLowerCase() === f.right.value.toLowerCase() : v === f.right.value);
    }
    default:
      throw new Error(`unexpected ${f.op}`);
  }
}

describe('rewriting predicates on derived STAC values', () => {
  it('finds platform sentinel-2b as short name SENTINEL-2 with serial B, and sentinel-5p without a serial', () => {
    const f = rewriteDerived(eq(DERIVED.platform, 'sentinel-2b'));
    expect(holds(f, { platformShortName: 'SENTINEL-2', platformSerialIdentifier: 'B' })).toBe(true);
    expect(holds(f, { platformShortName: 'SENTINEL-2', platformSerialIdentifier: 'A' })).toBe(false);
    expect(holds(f, { platformShortName: 'SENTINEL-2B' })).toBe(true);
    const p5 = rewriteDerived(eq(DERIVED.platform, 'sentinel-5p'));
    expect(holds(p5, { platformShortName: 'SENTINEL-5P' })).toBe(true);
    expect(holds(p5, { platformShortName: 'SENTINEL-5P', platformSerialIdentifier: 'X' })).toBe(false);
  });

  it('turns <> into the negation and IN into a disjunction', () => {
    const neq = rewriteDerived(ne(DERIVED.platform, 'sentinel-1a'));
    expect(holds(neq, { platformShortName: 'SENTINEL-1', platformSerialIdentifier: 'B' })).toBe(true);
    const list = rewriteDerived(inList(DERIVED.platform, ['sentinel-1a', 'sentinel-2b']));
    expect(holds(list, { platformShortName: 'SENTINEL-2', platformSerialIdentifier: 'B' })).toBe(true);
    expect(holds(list, { platformShortName: 'SENTINEL-3', platformSerialIdentifier: 'A' })).toBe(false);
  });

  it('compares orbit state, constellation and instruments case-insensitively on the stored attribute', () => {
    expect(rewriteDerived(eq(DERIVED.orbitState, 'ascending'))).toEqual(
      eq(attribute('orbitDirection', 'String'), 'ascending', { caseInsensitive: true }),
    );
    expect(rewriteDerived(not(eq(DERIVED.constellation, 'sentinel-1')))).toEqual(not(eq(SHORT, 'sentinel-1', { caseInsensitive: true })));
  });

  it('maps grid:code MGRS-32TQM to tileId 32TQM (stored upper case: an exact, indexable equality) and other grids to false', () => {
    expect(rewriteDerived(eq(DERIVED.gridCode, 'mgrs-32tqm'))).toEqual(eq(attribute('tileId', 'String'), '32TQM'));
    expect(rewriteDerived(eq(DERIVED.gridCode, 'WRS2-001002'))).toEqual(constant(false));
    expect(rewriteDerived(isNull(DERIVED.gridCode))).toEqual(isNull(attribute('tileId', 'String')));
  });

  it('refuses ordering and LIKE on platform as unsupported, and leaves other trees alone', () => {
    expect(() => rewriteDerived(lt(DERIVED.platform, 'x'))).toThrow(expect.objectContaining({ code: 'FILTER_UNSUPPORTED' }));
    expect(() => rewriteDerived(like(DERIVED.platform, 'sentinel%'))).toThrow(expect.objectContaining({ code: 'FILTER_UNSUPPORTED' }));
    const plain = eq(SERIAL, 'A');
    expect(rewriteDerived(plain)).toEqual(plain);
  });
});
