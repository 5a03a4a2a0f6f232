/**
 * Predicates on derived STAC values (queryables.ts, DERIVED) rewritten into trees over the stored
 * attributes, so filter, query and sortby agree with what items show:
 * - `constellation`, `instruments`, `sat:orbit_state`: the stored upper-case attribute, compared case-insensitively;
 * - `platform`: `sentinel-2b` is platformShortName `SENTINEL-2` + serial `B`; the split is not knowable from
 *   the text (`sentinel-5p` has no serial), so equality tries every split point, and a platform without a
 *   serial is the short name alone;
 * - `grid:code`: `MGRS-32TQM` is tileId `32TQM`.
 * Other operators on `platform` and `grid:code` (LIKE, ordering) are FILTER_UNSUPPORTED.
 */
import { HubError } from '../errors/index.ts';
import { and, attribute, constant, eq, isNull, not, or, QUERY_ERRORS, type Filter, type Scalar } from '../query/index.ts';
import { DERIVED } from './queryables.ts';

const CASE_INSENSITIVE: Record<string, ReturnType<typeof attribute>> = {
  [DERIVED.constellation.name]: attribute('platformShortName', 'String'),
  [DERIVED.instruments.name]: attribute('instrumentShortName', 'String'),
  [DERIVED.orbitState.name]: attribute('orbitDirection', 'String'),
};

const SHORT_NAME = attribute('platformShortName', 'String');
const SERIAL = attribute('platformSerialIdentifier', 'String');
const TILE = attribute('tileId', 'String');

function isMarker(s: Scalar, name: string): boolean {
  return s.kind === 'attribute' && s.name === name;
}

function hasMarker(s: Scalar): boolean {
  return s.kind === 'attribute' && s.name.startsWith('stac:');
}

function unsupported(what: string): HubError {
  return new HubError(QUERY_ERRORS.FILTER_UNSUPPORTED, 'invalid', `${what} supports only =, <>, IN and IS NULL`);
}

function textOf(s: Scalar, what: string): string {
  if (s.kind !== 'string') throw new HubError(QUERY_ERRORS.FILTER_TYPE_MISMATCH, 'invalid', `${what} compares with a string`);
  return s.value;
}

/** How a derived value compares: without case always (its parts are stored upper case); ACCENTI passes through. */
type Fold = { caseInsensitive: true; accentInsensitive?: boolean };

function fold(accentInsensitive: boolean | undefined): Fold {
  return accentInsensitive ? { caseInsensitive: true, accentInsensitive: true } : { caseInsensitive: true };
}

/**
 * `ref = value` ignoring case. Every extractor stores these attributes upper case, so the plain equality
 * with the upper-cased value means the same and is answered by the attributes' GIN index (lower() on
 * both sides would read every product: grid:code took 126 ms instead of ~1 ms at 100 k products).
 */
function same(ref: ReturnType<typeof attribute>, value: string, how: Fold): Filter {
  return how.accentInsensitive ? eq(ref, value, how) : eq(ref, value.toUpperCase());
}

/** platform = value, over the stored short name and serial. */
function platformEquals(value: string, how: Fold): Filter {
  const options: Filter[] = [and(same(SHORT_NAME, value, how), isNull(SERIAL))];
  for (let k = 1; k < Math.min(value.length, 64); k++) {
    options.push(and(same(SHORT_NAME, value.slice(0, k), how), same(SERIAL, value.slice(k), how)));
  }
  return or(...options);
}

function gridEquals(value: string, how: Fold): Filter {
  return /^MGRS-/i.test(value) ? same(TILE, value.slice(5), how) : constant(false);
}

function equalsFor(name: string): ((value: string, how: Fold) => Filter) | undefined {
  if (name === DERIVED.platform.name) return platformEquals;
  if (name === DERIVED.gridCode.name) return gridEquals;
  return undefined;
}

function storedOf(name: string): ReturnType<typeof attribute> {
  return name === DERIVED.platform.name ? SHORT_NAME : TILE;
}

function swapCaseInsensitive(s: Scalar): Scalar {
  return s.kind === 'attribute' && Object.hasOwn(CASE_INSENSITIVE, s.name) ? (CASE_INSENSITIVE[s.name] as Scalar) : s;
}

/** Rewrites one tree; a tree without markers comes back unchanged. */
export function rewriteDerived(f: Filter): Filter {
  switch (f.op) {
    case 'and':
    case 'or':
      return { op: f.op, args: f.args.map(rewriteDerived) };
    case 'not':
      return not(rewriteDerived(f.arg));
    case 'eq':
    case 'ne':
    case 'lt':
    case 'le':
    case 'gt':
    case 'ge': {
      const [marker, other] = hasMarker(f.left) ? [f.left, f.right] : hasMarker(f.right) ? [f.right, f.left] : [undefined, undefined];
      if (marker === undefined || other === undefined || marker.kind !== 'attribute') return f;
      const equals = equalsFor(marker.name);
      if (equals === undefined)
        return { ...f, left: swapCaseInsensitive(f.left), right: swapCaseInsensitive(f.right), caseInsensitive: true };
      if (f.op !== 'eq' && f.op !== 'ne') throw unsupported(marker.name.slice(5));
      const match = equals(textOf(other, marker.name.slice(5)), fold(f.accentInsensitive));
      return f.op === 'eq' ? match : not(match);
    }
    case 'in': {
      if (f.value.kind !== 'attribute' || !hasMarker(f.value)) return f;
      const equals = equalsFor(f.value.name);
      if (equals === undefined) return { ...f, value: swapCaseInsensitive(f.value), caseInsensitive: true };
      const name = f.value.name.slice(5);
      return or(...f.list.map((s) => equals(textOf(s, name), fold(f.accentInsensitive))));
    }
    case 'isNull':
      if (f.value.kind !== 'attribute' || !hasMarker(f.value)) return f;
      return equalsFor(f.value.name) === undefined ? { ...f, value: swapCaseInsensitive(f.value) } : isNull(storedOf(f.value.name));
    case 'like':
    case 'contains':
    case 'startswith':
    case 'endswith':
      if (!hasMarker(f.value)) return f;
      if (f.value.kind === 'attribute' && equalsFor(f.value.name) !== undefined) throw unsupported(f.value.name.slice(5));
      return { ...f, value: swapCaseInsensitive(f.value), caseInsensitive: true };
    case 'between':
      if (isMarker(f.value, DERIVED.platform.name) || isMarker(f.value, DERIVED.gridCode.name)) throw unsupported('platform and grid:code');
      return { ...f, value: swapCaseInsensitive(f.value) };
    default:
      return f;
  }
}
