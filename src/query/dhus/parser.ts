/**
 * The DHuS OpenSearch `q` (Solr/Lucene standard query syntax as DHuS passes it to Solr,
 * reference/dhus-sentinelsat.md §1.6 and §2.3) → the filter tree:
 *
 *   query   := or
 *   or      := and (("OR" | "||") and)*
 *   and     := unary (("AND" | "&&")? unary)*       clauses separated by spaces are ANDed, as in DHuS
 *   unary   := ("NOT" | "-" | "!") unary | "+" unary | primary
 *   primary := "(" or ")" | "*:*" | field ":" value | value     a bare value is full text over names
 *   value   := "(" or ")" (with field as default) | "[" bound "TO" bound "]" (or "{" "}") | "phrase" | word
 *
 * One pass over the text with one character of lookahead (plus a bounded field-name probe): linear in
 * the length of `q`, with the depth, clause count and length bounded.
 */
import { constant, like, not, and, or, prop } from '../builders.ts';
import type { Filter } from '../filter.ts';
import { validateFilter } from '../validate.ts';
import { DHUS_QUERY_ERRORS, dhusQueryError } from './errors.ts';
import { DHUS_FIELDS, rangeClause, termClause, wildcardPattern, type FieldSpec, type RangeBound, type TermValue } from './fields.ts';

/** Far above the ~4 KB of encoded `q` sentinelsat may send (§2.3, check_query_length). */
export const MAX_DHUS_QUERY_LENGTH = 64 * 1024;
export const MAX_DHUS_QUERY_DEPTH = 50;
export const MAX_DHUS_CLAUSES = 1_000;

export interface DhusQueryOptions {
  /** `NOW` in date math; the current time by default. */
  now?: Date;
}

const FIELD = /([A-Za-z_][A-Za-z0-9_.]{0,63})\s*:/y;
/** Characters that end an unquoted word. */
const WORD_END = new Set([' ', '\t', '\n', '\r', '(', ')', '"']);
const BOUND_END = new Set([' ', '\t', '\n', '\r', ']', '}']);

class Parser {
  private pos = 0;
  private depth = 0;
  private clauses = 0;

  constructor(
    private readonly text: string,
    private readonly now: Date,
  ) {}

  parse(): Filter {
    const f = this.or(null);
    this.skipSpace();
    if (this.pos < this.text.length) throw this.syntax(`unexpected ${JSON.stringify(this.text[this.pos])}`);
    return f;
  }

  private syntax(message: string, at = this.pos): Error {
    return dhusQueryError(DHUS_QUERY_ERRORS.DHUS_QUERY_SYNTAX, `Cannot parse query: ${message}`, at);
  }

  private skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos] as string)) this.pos++;
  }

  /** An upper-case operator word followed by a space, a parenthesis or the end (Lucene needs them upper-case). */
  private atKeyword(word: string): boolean {
    if (!this.text.startsWith(word, this.pos)) return false;
    const after = this.text[this.pos + word.length];
    return after === undefined || /[\s("]/.test(after);
  }

  private take(word: string): boolean {
    if (!this.atKeyword(word) && !(word.length === 2 && this.text.startsWith(word, this.pos))) return false;
    this.pos += word.length;
    return true;
  }

  private or(field: FieldSpec | null): Filter {
    const args = [this.and(field)];
    for (;;) {
      this.skipSpace();
      if (!this.take('OR') && !this.take('||')) break;
      args.push(this.and(field));
    }
    return args.length === 1 ? (args[0] as Filter) : or(...args);
  }

  private and(field: FieldSpec | null): Filter {
    const args: Filter[] = [];
    for (;;) {
      this.skipSpace();
      const c = this.text[this.pos];
      if (c === undefined || c === ')' || this.atKeyword('OR') || this.text.startsWith('||', this.pos)) break;
      if (args.length > 0 && (this.take('AND') || this.take('&&'))) {
        this.skipSpace();
        args.push(this.unary(field));
        continue;
      }
      args.push(this.unary(field));
    }
    if (args.length === 0) throw this.syntax(this.pos < this.text.length ? `unexpected ${JSON.stringify(this.text[this.pos])}` : 'expected a clause');
    return args.length === 1 ? (args[0] as Filter) : and(...args);
  }

  private unary(field: FieldSpec | null): Filter {
    this.enter();
    try {
      this.skipSpace();
      const c = this.text[this.pos];
      if (c === '-' || c === '!') {
        this.pos++;
        return not(this.unary(field));
      }
      if (c === '+') {
        this.pos++;
        return this.unary(field);
      }
      if (this.take('NOT')) return not(this.unary(field));
      return this.primary(field);
    } finally {
      this.depth--;
    }
  }

  private enter(): void {
    if (++this.depth > MAX_DHUS_QUERY_DEPTH) {
      throw dhusQueryError(DHUS_QUERY_ERRORS.DHUS_QUERY_TOO_COMPLEX, `query is nested deeper than ${MAX_DHUS_QUERY_DEPTH}`, this.pos);
    }
  }

  private group(field: FieldSpec | null): Filter {
    const open = this.pos++;
    const f = this.or(field);
    this.skipSpace();
    if (this.text[this.pos] !== ')') throw this.syntax('unclosed "("', open);
    this.pos++;
    return f;
  }

  private primary(field: FieldSpec | null): Filter {
    if (++this.clauses > MAX_DHUS_CLAUSES) {
      throw dhusQueryError(DHUS_QUERY_ERRORS.DHUS_QUERY_TOO_COMPLEX, `query has more than ${MAX_DHUS_CLAUSES} clauses`, this.pos);
    }
    if (this.text[this.pos] === '(') return this.group(field);
    if (this.text.startsWith('*:*', this.pos)) {
      this.pos += 3;
      return constant(true);
    }
    if (field === null) {
      FIELD.lastIndex = this.pos;
      const m = FIELD.exec(this.text);
      if (m) {
        const name = (m[1] as string).toLowerCase();
        const spec = DHUS_FIELDS.get(name);
        if (!spec) throw dhusQueryError(DHUS_QUERY_ERRORS.DHUS_UNKNOWN_FIELD, `undefined field ${name}`, this.pos);
        this.pos = FIELD.lastIndex;
        this.skipSpace();
        return this.value(spec);
      }
    }
    return this.value(field);
  }

  /** The value of `field:` (or a bare value when field is null). */
  private value(field: FieldSpec | null): Filter {
    const c = this.text[this.pos];
    if (c === '(' && field !== null) return this.group(field);
    if (c === '[' || c === '{') {
      if (field === null) throw this.syntax('a range needs a field');
      return this.range(field);
    }
    const v = c === '"' ? this.phrase() : this.word();
    return field === null ? fullText(v) : termClause(field, v, this.now);
  }

  private phrase(): TermValue {
    const start = this.pos++;
    let value = '';
    for (;;) {
      const c = this.text[this.pos];
      if (c === undefined) throw this.syntax('unterminated phrase', start);
      this.pos++;
      if (c === '"') return { text: value, quoted: true, position: start };
      if (c === '\\' && this.pos < this.text.length) value += this.text[this.pos++];
      else value += c;
    }
  }

  private word(): TermValue {
    const start = this.pos;
    let value = '';
    while (this.pos < this.text.length && !WORD_END.has(this.text[this.pos] as string)) {
      const c = this.text[this.pos++] as string;
      if (c !== '\\' || this.pos >= this.text.length) {
        value += c;
        continue;
      }
      const escaped = this.text[this.pos++] as string;
      // `*` and `?` are wildcards in an unquoted word; a literal one must be written inside a phrase.
      if (escaped === '*' || escaped === '?') throw this.syntax('escaped wildcards are not supported, quote the value', this.pos - 2);
      value += escaped;
    }
    if (value.length === 0) throw this.syntax(this.pos < this.text.length ? `unexpected ${JSON.stringify(this.text[this.pos])}` : 'expected a value');
    return { text: value, quoted: false, position: start };
  }

  private bound(inclusive: boolean): RangeBound {
    this.skipSpace();
    const start = this.pos;
    if (this.text[this.pos] === '"') {
      const p = this.phrase();
      return { text: p.text, inclusive, position: start };
    }
    while (this.pos < this.text.length && !BOUND_END.has(this.text[this.pos] as string)) this.pos++;
    const text = this.text.slice(start, this.pos);
    if (text.length === 0) throw this.syntax('expected a range bound');
    return { text: text === '*' ? null : text, inclusive, position: start };
  }

  private range(field: FieldSpec): Filter {
    const open = this.pos;
    const inclusiveLow = this.text[this.pos++] === '[';
    const low = this.bound(inclusiveLow);
    this.skipSpace();
    if (!this.take('TO')) throw this.syntax('expected TO in a range');
    const high = this.bound(true);
    this.skipSpace();
    const close = this.text[this.pos];
    if (close !== ']' && close !== '}') throw this.syntax('unclosed range', open);
    this.pos++;
    return rangeClause(field, low, { ...high, inclusive: close === ']' }, this.now, open);
  }
}

/** A bare value: DHuS's default field `contents` is full text; here, a case-insensitive match in the name. */
function fullText(v: TermValue): Filter {
  const wild = !v.quoted && /[*?]/.test(v.text);
  const pattern = wild ? wildcardPattern(v.text) : `%${wildcardPattern(v.text)}%`;
  return like(prop('name'), pattern, { caseInsensitive: true });
}

/** Parses DHuS's `q` into a validated filter tree; throws HubError `invalid` with `details.position`. */
export function parseDhusQuery(q: string, options: DhusQueryOptions = {}): Filter {
  if (q.length > MAX_DHUS_QUERY_LENGTH) {
    throw dhusQueryError(DHUS_QUERY_ERRORS.DHUS_QUERY_TOO_COMPLEX, `query longer than ${MAX_DHUS_QUERY_LENGTH} characters`, MAX_DHUS_QUERY_LENGTH, 'too_large');
  }
  if (q.trim() === '') return constant(true);
  const tree = new Parser(q, options.now ?? new Date()).parse();
  return validateFilter(tree);
}
