/**
 * OData `$filter` → the one filter tree: a recursive-descent parser over lexer.ts's tokens with OData's
 * precedence (OData 4.01 URL Conventions §5.1.1.16: `not` > comparisons > `and` > `or`), the CDSE
 * grammar of CDSE §1.4: property comparisons, `in`, contains/startswith/endswith, OData.CSC.Intersects,
 * and the typed attribute lambdas `Attributes/OData.CSC.<T>/any(att:att/Name eq '…' and att/…/Value op …)`.
 *
 * `not` applies to the comparison after it (`not Name eq 'x'` and `not contains(…)` both read as CDSE's
 * users mean them). Nesting is bounded by MAX_FILTER_DEPTH and the text by MAX_FILTER_LENGTH; each token
 * is read once, so parsing is linear.
 */
import type { AttributeType, ComparisonOp, Filter, GeoJsonGeometry, PropertyName, Scalar } from '../filter.ts';
import { and, attribute, compare, constant, contains, endsWith, inList, not, or, prop, sIntersects, startsWith } from '../builders.ts';
import { ODATA_QUERY_ERRORS, odataQueryError, type ODataQueryErrorCode } from './errors.ts';
import { parseGeographyLiteral } from './geography.ts';
import { resolveLambda, LAMBDA_NAME, LAMBDA_VALUE } from './lambda.ts';
import { tokenize, type Token } from './lexer.ts';
import { coerce, timestampLiteral } from './literals.ts';
import { ATTRIBUTE_CASTS, nameTables, type ODataNames } from './properties.ts';

export const MAX_FILTER_LENGTH = 32_768;
export const MAX_FILTER_DEPTH = 64;

const COMPARISONS = new Set<string>(['eq', 'ne', 'lt', 'le', 'gt', 'ge']);
const STRING_FUNCTIONS = { contains, startswith: startsWith, endswith: endsWith } as const;

type Operand =
  | { readonly kind: 'value'; readonly scalar: Scalar; readonly pos: number }
  | { readonly kind: 'filter'; readonly filter: Filter; readonly pos: number }
  | { readonly kind: 'lambdaName'; readonly pos: number }
  | { readonly kind: 'geography'; readonly geometry: GeoJsonGeometry; readonly pos: number };

class Parser {
  private i = 0;
  private depth = 0;
  private lambda: { variable: string; type: AttributeType } | undefined;
  private readonly properties: Readonly<Record<string, PropertyName>>;

  constructor(
    private readonly tokens: readonly Token[],
    names: ODataNames,
  ) {
    this.properties = nameTables(names).properties;
  }

  private fail(code: ODataQueryErrorCode, message: string, pos = this.peek().pos): never {
    throw odataQueryError(code, message, pos);
  }

  private peek(): Token {
    return this.tokens[this.i] ?? (this.tokens[this.tokens.length - 1] as Token); // the list always ends with eof
  }

  private next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.i++;
    return t;
  }

  private keyword(): string | undefined {
    const t = this.peek();
    return t.kind === 'ident' ? t.text.toLowerCase() : undefined;
  }

  private isPunct(ch: string): boolean {
    const t = this.peek();
    return t.kind === 'punct' && t.text === ch;
  }

  private expectPunct(ch: string): void {
    if (!this.isPunct(ch)) this.fail(ODATA_QUERY_ERRORS.ODATA_SYNTAX, `expected '${ch}'`);
    this.i++;
  }

  private enter(): void {
    if (++this.depth > MAX_FILTER_DEPTH) this.fail(ODATA_QUERY_ERRORS.ODATA_TOO_COMPLEX, `nested deeper than ${MAX_FILTER_DEPTH}`);
  }

  parseAll(): Filter {
    const f = this.orExpr();
    if (this.peek().kind !== 'eof') this.fail(ODATA_QUERY_ERRORS.ODATA_SYNTAX, `unexpected ${JSON.stringify(this.peek().text)}`);
    return f;
  }

  private orExpr(): Filter {
    const args = [this.andExpr()];
    while (this.keyword() === 'or') {
      this.next();
      args.push(this.andExpr());
    }
    return args.length === 1 ? (args[0] as Filter) : or(...args);
  }

  private andExpr(): Filter {
    const args = [this.unary()];
    while (this.keyword() === 'and') {
      this.next();
      args.push(this.unary());
    }
    return args.length === 1 ? (args[0] as Filter) : and(...args);
  }

  private unary(): Filter {
    if (this.keyword() === 'not') {
      this.next();
      this.enter();
      const f = not(this.unary());
      this.depth--;
      return f;
    }
    return this.comparison();
  }

  private comparison(): Filter {
    const left = this.operand();
    const op = this.keyword();
    if (op !== undefined && COMPARISONS.has(op)) {
      this.next();
      return this.compareOperands(op as ComparisonOp, left, this.operand()); // checked against COMPARISONS
    }
    if (op === 'in') {
      this.next();
      this.expectPunct('(');
      const list = [this.valueOf(this.operand())];
      while (this.isPunct(',')) {
        this.next();
        list.push(this.valueOf(this.operand()));
      }
      this.expectPunct(')');
      const value = this.valueOf(left);
      return inList(
        value,
        list.map((s) => coerce(value, s, left.pos)),
      );
    }
    return this.toFilter(left);
  }

  private compareOperands(op: ComparisonOp, left: Operand, right: Operand): Filter {
    if (left.kind === 'lambdaName' || right.kind === 'lambdaName') {
      const other = left.kind === 'lambdaName' ? right : left;
      if (op !== 'eq' || other.kind !== 'value' || other.scalar.kind !== 'string') {
        this.fail(ODATA_QUERY_ERRORS.ODATA_SYNTAX, "an attribute's Name is only compared with eq '<name>'", left.pos);
      }
      return compare('eq', attribute(LAMBDA_NAME, 'String'), other.scalar);
    }
    if (left.kind === 'filter' || right.kind === 'filter') {
      const [f, other] = left.kind === 'filter' ? [left, right] : [right, left];
      if ((op === 'eq' || op === 'ne') && other.kind === 'value' && other.scalar.kind === 'boolean' && f.kind === 'filter') {
        return other.scalar.value === (op === 'eq') ? f.filter : not(f.filter);
      }
      this.fail(ODATA_QUERY_ERRORS.ODATA_SYNTAX, 'a condition is only compared with eq/ne true/false', left.pos);
    }
    const l = this.valueOf(left);
    const r = this.valueOf(right);
    return compare(op, coerce(r, l, left.pos), coerce(l, r, right.pos));
  }

  private valueOf(o: Operand): Scalar {
    if (o.kind === 'value') return o.scalar;
    if (o.kind === 'geography') this.fail(ODATA_QUERY_ERRORS.ODATA_SYNTAX, 'geography literals belong in OData.CSC.Intersects', o.pos);
    return this.fail(ODATA_QUERY_ERRORS.ODATA_SYNTAX, 'expected a property or a literal', o.pos);
  }

  private toFilter(o: Operand): Filter {
    if (o.kind === 'filter') return o.filter;
    if (o.kind === 'value') {
      const s = o.scalar;
      if (s.kind === 'boolean') return constant(s.value);
      // OData boolCommonExpr: a Boolean member alone is a condition (`Online`, `att/…BooleanAttribute/Value`).
      if ((s.kind === 'property' && s.name === 'online') || (s.kind === 'attribute' && s.type === 'Boolean')) return compare('eq', s, true);
    }
    return this.fail(ODATA_QUERY_ERRORS.ODATA_SYNTAX, 'expected a condition', o.pos);
  }

  private operand(): Operand {
    const t = this.next();
    switch (t.kind) {
      case 'punct': {
        if (t.text !== '(') return this.fail(ODATA_QUERY_ERRORS.ODATA_SYNTAX, `unexpected '${t.text}'`, t.pos);
        this.enter();
        const filter = this.orExpr();
        this.expectPunct(')');
        this.depth--;
        return { kind: 'filter', filter, pos: t.pos };
      }
      case 'string':
      case 'guid':
        return { kind: 'value', scalar: { kind: 'string', value: t.text }, pos: t.pos };
      case 'number': {
        const value = Number(t.text);
        if (!Number.isFinite(value)) this.fail(ODATA_QUERY_ERRORS.ODATA_INVALID_LITERAL, 'number out of range', t.pos);
        return { kind: 'value', scalar: { kind: 'number', value }, pos: t.pos };
      }
      case 'datetime':
        return { kind: 'value', scalar: timestampLiteral(t.text, t.pos), pos: t.pos };
      case 'typed':
        return this.typedLiteral(t);
      case 'ident':
        return this.identifier(t);
      default:
        return this.fail(ODATA_QUERY_ERRORS.ODATA_SYNTAX, 'unexpected end of the filter', t.pos);
    }
  }

  private typedLiteral(t: Token): Operand {
    switch (t.type?.toLowerCase()) {
      case 'geography':
      case 'geometry':
        return { kind: 'geography', geometry: parseGeographyLiteral(t.text, t.pos + (t.type?.length ?? 0) + 1), pos: t.pos };
      case 'datetime':
      case 'datetimeoffset':
        return { kind: 'value', scalar: timestampLiteral(t.text, t.pos), pos: t.pos };
      case 'guid':
        return { kind: 'value', scalar: { kind: 'string', value: t.text }, pos: t.pos };
      default:
        return this.fail(ODATA_QUERY_ERRORS.ODATA_INVALID_LITERAL, `unknown literal type ${JSON.stringify(t.type)}`, t.pos);
    }
  }

  private identifier(t: Token): Operand {
    const word = t.text.toLowerCase();
    if (word === 'true' || word === 'false') return { kind: 'value', scalar: { kind: 'boolean', value: word === 'true' }, pos: t.pos };
    if (word === 'null') return { kind: 'value', scalar: { kind: 'null' }, pos: t.pos };
    if (this.isPunct('(')) return this.functionCall(t);
    const segments = [t.text];
    while (this.isPunct('/')) {
      this.next();
      const seg = this.next();
      if (seg.kind !== 'ident') this.fail(ODATA_QUERY_ERRORS.ODATA_SYNTAX, 'expected a property name after /', seg.pos);
      if ((seg.text === 'any' || seg.text === 'all') && this.isPunct('(')) return this.lambdaCall(segments, seg, t.pos);
      segments.push(seg.text);
    }
    return this.path(segments, t.pos);
  }

  private path(segments: readonly string[], pos: number): Operand {
    if (this.lambda && segments[0] === this.lambda.variable) {
      const rest = segments.slice(1).join('/');
      if (rest === 'Name') return { kind: 'lambdaName', pos };
      const cast = segments.length === 3 ? ATTRIBUTE_CASTS[segments[1] as string] : undefined;
      if (rest === 'Value' || (segments[2] === 'Value' && cast === this.lambda.type)) {
        return { kind: 'value', scalar: attribute(LAMBDA_VALUE, this.lambda.type), pos };
      }
      return this.fail(ODATA_QUERY_ERRORS.ODATA_UNKNOWN_PROPERTY, `unknown attribute member ${JSON.stringify(rest)}`, pos);
    }
    const path = segments.join('/');
    const name = Object.hasOwn(this.properties, path) ? this.properties[path] : undefined;
    if (name === undefined) {
      const hint = path === 'Footprint' ? ' (the footprint is searched with OData.CSC.Intersects)' : '';
      return this.fail(ODATA_QUERY_ERRORS.ODATA_UNKNOWN_PROPERTY, `unknown property ${JSON.stringify(path.slice(0, 100))}${hint}`, pos);
    }
    return { kind: 'value', scalar: prop(name), pos };
  }

  private functionCall(t: Token): Operand {
    this.next(); // '('
    const lower = t.text.toLowerCase();
    if (lower === 'contains' || lower === 'startswith' || lower === 'endswith') {
      const value = this.valueOf(this.operand());
      this.expectPunct(',');
      const text = this.next();
      if (text.kind !== 'string') this.fail(ODATA_QUERY_ERRORS.ODATA_SYNTAX, `${lower} takes a quoted string`, text.pos);
      this.expectPunct(')');
      return { kind: 'filter', filter: STRING_FUNCTIONS[lower](value, text.text), pos: t.pos };
    }
    if (lower === 'odata.csc.intersects') return { kind: 'filter', filter: this.intersects(), pos: t.pos };
    return this.fail(ODATA_QUERY_ERRORS.ODATA_UNKNOWN_FUNCTION, `unknown function ${JSON.stringify(t.text.slice(0, 100))}`, t.pos);
  }

  /** `OData.CSC.Intersects(area=geography'…')`, also `Footprint=` (CDSE ODP docs) and ESA's `location=Footprint,area=…`. */
  private intersects(): Filter {
    let geometry: GeoJsonGeometry | undefined;
    for (;;) {
      const name = this.peek();
      if (name.kind === 'ident' && this.tokens[this.i + 1]?.text === '=') {
        this.i += 2;
        if (!['area', 'footprint', 'location'].includes(name.text.toLowerCase())) {
          this.fail(ODATA_QUERY_ERRORS.ODATA_SYNTAX, `unknown parameter ${JSON.stringify(name.text)} of OData.CSC.Intersects`, name.pos);
        }
      }
      const v = this.peek();
      if (v.kind === 'ident' && v.text === 'Footprint')
        this.next(); // `location=Footprint`: the only location there is
      else {
        const value = this.operand();
        if (value.kind !== 'geography') this.fail(ODATA_QUERY_ERRORS.ODATA_SYNTAX, "expected geography'SRID=4326;…'", value.pos);
        if (geometry) this.fail(ODATA_QUERY_ERRORS.ODATA_SYNTAX, 'OData.CSC.Intersects takes one geography', value.pos);
        geometry = value.geometry;
      }
      if (!this.isPunct(',')) break;
      this.next();
    }
    this.expectPunct(')');
    if (!geometry) return this.fail(ODATA_QUERY_ERRORS.ODATA_SYNTAX, "OData.CSC.Intersects needs area=geography'SRID=4326;…'");
    return sIntersects(geometry);
  }

  /** `Attributes/OData.CSC.<T>/any(v: v/Name eq '…' and v/OData.CSC.<T>/Value op …)` (CDSE §1.4). */
  private lambdaCall(segments: readonly string[], fn: Token, pos: number): Operand {
    const type = segments.length === 2 && segments[0] === 'Attributes' ? ATTRIBUTE_CASTS[segments[1] as string] : undefined;
    if (fn.text !== 'any') this.fail(ODATA_QUERY_ERRORS.ODATA_UNKNOWN_FUNCTION, 'only the any() lambda is supported', fn.pos);
    if (type === undefined) {
      this.fail(ODATA_QUERY_ERRORS.ODATA_UNKNOWN_PROPERTY, 'lambdas range over Attributes/OData.CSC.<Type>Attribute', pos);
    }
    if (this.lambda) this.fail(ODATA_QUERY_ERRORS.ODATA_SYNTAX, 'attribute lambdas do not nest', fn.pos);
    this.next(); // '('
    const variable = this.next();
    if (variable.kind !== 'ident') this.fail(ODATA_QUERY_ERRORS.ODATA_SYNTAX, 'expected the lambda variable', variable.pos);
    this.expectPunct(':');
    this.enter();
    this.lambda = { variable: variable.text, type };
    const body = this.orExpr();
    this.lambda = undefined;
    this.expectPunct(')');
    this.depth--;
    return { kind: 'filter', filter: resolveLambda(body, type, pos), pos };
  }
}

/** Parses an OData `$filter` into the filter tree; throws HubError `invalid` (ODATA_* codes, with a position). */
export function parseODataFilter(text: string, names: ODataNames = {}): Filter {
  if (text.length > MAX_FILTER_LENGTH) {
    throw odataQueryError(ODATA_QUERY_ERRORS.ODATA_TOO_COMPLEX, `a $filter is at most ${MAX_FILTER_LENGTH} characters`, MAX_FILTER_LENGTH);
  }
  const tokens = tokenize(text);
  if (tokens.length === 1) throw odataQueryError(ODATA_QUERY_ERRORS.ODATA_SYNTAX, 'empty $filter', 0);
  return new Parser(tokens, names).parseAll();
}
