/**
 * Turns the body of a CDSE attribute lambda into a comparison on a typed attribute (filter.ts: the
 * lambda `any(att: att/Name eq 'cloudCover' and att/OData.CSC.DoubleAttribute/Value lt 40)` is
 * `lt(attribute('cloudCover', 'Double'), 40)`). The parser reads the body as an ordinary expression with
 * two placeholders, the attribute's Name and its Value; here the one top-level `Name eq '…'` term is
 * taken out and the Value placeholder replaced by the named attribute. Since attribute names are unique
 * per product, "some attribute named N whose value satisfies P" is exactly "attribute N satisfies P",
 * and a missing attribute reads as NULL, which satisfies neither P nor `not P`.
 */
import type { AttributeType, Filter, Scalar } from '../filter.ts';
import { and, attribute, isNull, not } from '../builders.ts';
import { ODATA_QUERY_ERRORS, odataQueryError } from './errors.ts';

// NUL cannot occur in a real attribute name (validateFilter refuses it), so the placeholders never collide.
export const LAMBDA_NAME = '\u0000odata-lambda-name';
export const LAMBDA_VALUE = '\u0000odata-lambda-value';

function conjuncts(f: Filter): Filter[] {
  return f.op === 'and' ? f.args.flatMap(conjuncts) : [f];
}

function nameOf(f: Filter): string | undefined {
  if (f.op !== 'eq' || f.left.kind !== 'attribute' || f.left.name !== LAMBDA_NAME) return undefined;
  return f.right.kind === 'string' ? f.right.value : undefined;
}

export function resolveLambda(body: Filter, type: AttributeType, pos: number): Filter {
  const terms = conjuncts(body);
  const names = terms.map(nameOf).filter((n) => n !== undefined);
  const name = names[0];
  if (names.length !== 1 || name === undefined) {
    throw odataQueryError(ODATA_QUERY_ERRORS.ODATA_SYNTAX, "an attribute lambda names one attribute: any(att:att/Name eq '…' and …)", pos);
  }
  const target = attribute(name, type);
  const scalar = (s: Scalar): Scalar => {
    if (s.kind !== 'attribute') return s;
    if (s.name === LAMBDA_NAME) {
      throw odataQueryError(ODATA_QUERY_ERRORS.ODATA_SYNTAX, "att/Name appears only as one top-level att/Name eq '…'", pos);
    }
    return s.name === LAMBDA_VALUE ? target : s;
  };
  const substitute = (f: Filter): Filter => {
    switch (f.op) {
      case 'and':
      case 'or':
        return { op: f.op, args: f.args.map(substitute) };
      case 'not':
        return { op: 'not', arg: substitute(f.arg) };
      case 'eq':
      case 'ne':
      case 'lt':
      case 'le':
      case 'gt':
      case 'ge':
        return { ...f, left: scalar(f.left), right: scalar(f.right) };
      case 'in':
        return { ...f, value: scalar(f.value), list: f.list.map(scalar) };
      case 'contains':
      case 'startswith':
      case 'endswith':
      case 'isNull':
      case 'like':
        return { ...f, value: scalar(f.value) };
      default:
        return f;
    }
  };
  const rest = terms.filter((t) => nameOf(t) === undefined).map(substitute);
  // `any(att: att/Name eq 'N')` alone: the product has attribute N (of that type).
  if (rest.length === 0) return not(isNull(target));
  return rest.length === 1 ? (rest[0] as Filter) : and(...rest);
}
