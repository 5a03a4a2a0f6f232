/**
 * Tokens of an OData `$filter` (OData 4.01 URL Conventions §5.1.1, ABNF "commonExpr"), as CDSE's
 * catalogue reads them (CDSE §1.4): identifiers (dotted, `OData.CSC.Intersects`), quoted strings with
 * `''` for a quote, numbers, unquoted datetimes and dates, unquoted GUIDs, typed literals such as
 * `geography'SRID=4326;POINT(1 2)'`, and the punctuation `( ) , / : =`. Every pattern is anchored and
 * free of nested quantifiers, so lexing is linear in the length of the text.
 */
import { ODATA_QUERY_ERRORS, odataQueryError } from './errors.ts';

export type TokenKind = 'ident' | 'string' | 'number' | 'datetime' | 'guid' | 'typed' | 'punct' | 'eof';

export interface Token {
  readonly kind: TokenKind;
  /** The identifier, the unquoted string, the number's or date's text, or the punctuation character. */
  readonly text: string;
  /** For `typed` literals: the type prefix (`geography`, `datetime`, ...). */
  readonly type?: string;
  /** 0-based offset of the token's first character. */
  readonly pos: number;
}

const GUID = /[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?![0-9A-Za-z_.-])/y;
// A date, optionally with a time and a zone (CDSE §1.2: Z, ±hh:mm, none, or a date alone).
const DATETIME = /\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,12})?)?(?:Z|[+-]\d{2}:\d{2})?)?(?![0-9A-Za-z_.:-])/y;
const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?(?![0-9A-Za-z_.])/y;
const IDENT = /[A-Za-z_$][A-Za-z0-9_.]*/y;
const SPACE = /[ \t\r\n]+/y;
const PUNCT = new Set(['(', ')', ',', '/', ':', '=']);

function stickyMatch(re: RegExp, text: string, pos: number): string | null {
  re.lastIndex = pos;
  const m = re.exec(text);
  return m ? m[0] : null;
}

/** Reads a quoted string starting at `pos` (the opening quote); returns its value and the offset after it. */
function readQuoted(text: string, pos: number): { value: string; end: number } {
  let value = '';
  let i = pos + 1;
  for (;;) {
    const q = text.indexOf("'", i);
    if (q < 0) throw odataQueryError(ODATA_QUERY_ERRORS.ODATA_INVALID_LITERAL, 'unterminated string literal', pos);
    value += text.slice(i, q);
    if (text[q + 1] === "'") {
      value += "'";
      i = q + 2;
      continue;
    }
    return { value, end: q + 1 };
  }
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  while (pos < text.length) {
    const ch = text[pos] as string; // pos < length
    const space = stickyMatch(SPACE, text, pos);
    if (space !== null) {
      pos += space.length;
      continue;
    }
    if (ch === "'") {
      const s = readQuoted(text, pos);
      tokens.push({ kind: 'string', text: s.value, pos });
      pos = s.end;
      continue;
    }
    if (PUNCT.has(ch)) {
      tokens.push({ kind: 'punct', text: ch, pos });
      pos += 1;
      continue;
    }
    const guid = stickyMatch(GUID, text, pos);
    if (guid !== null) {
      tokens.push({ kind: 'guid', text: guid, pos });
      pos += guid.length;
      continue;
    }
    if (/[0-9-]/.test(ch)) {
      const date = stickyMatch(DATETIME, text, pos);
      const num = date === null ? stickyMatch(NUMBER, text, pos) : null;
      const lexeme = date ?? num;
      if (lexeme === null) throw odataQueryError(ODATA_QUERY_ERRORS.ODATA_INVALID_LITERAL, 'malformed number or date', pos);
      tokens.push({ kind: date === null ? 'number' : 'datetime', text: lexeme, pos });
      pos += lexeme.length;
      continue;
    }
    const ident = stickyMatch(IDENT, text, pos);
    if (ident !== null) {
      const after = pos + ident.length;
      if (text[after] === "'") {
        // A typed literal: `geography'…'`, `datetime'…'` (OData 4.01 ABNF "geographyPolygon" and friends).
        const s = readQuoted(text, after);
        tokens.push({ kind: 'typed', text: s.value, type: ident, pos });
        pos = s.end;
        continue;
      }
      tokens.push({ kind: 'ident', text: ident, pos });
      pos = after;
      continue;
    }
    throw odataQueryError(ODATA_QUERY_ERRORS.ODATA_SYNTAX, `unexpected character ${JSON.stringify(ch)}`, pos);
  }
  tokens.push({ kind: 'eof', text: '', pos: text.length });
  return tokens;
}
