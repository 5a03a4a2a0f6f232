/**
 * Tokens of CQL2 text (cql2.bnf: characterLiteral, numericLiteral, identifier, the operator symbols).
 * One pass, linear in the input: every loop advances by at least one character and no regular
 * expression backtracks over more than the token it reads.
 */
import { MAX_TEXT_CHARS, syntaxError } from './ast.ts';

export type TokenType = 'number' | 'string' | 'ident' | 'quoted' | 'symbol' | 'end';

export interface Token {
  readonly type: TokenType;
  /** The token's text: the value for strings (quotes removed, `''` unescaped), the name for identifiers. */
  readonly text: string;
  readonly offset: number;
}

const SYMBOLS = ['<>', '<=', '>=', '(', ')', ',', '=', '<', '>', '+', '-', '*', '/', '%', '^'];

/** cql2.bnf identifierStart / identifierPart, read as Unicode letters, marks and digits plus `_`, `:` and `.`. */
const IDENT_START = /[\p{L}_:]/u;
const IDENT_PART = /[\p{L}\p{M}\p{Nd}\p{Pc}_:.]/u;
const NUMBER = /(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;

/** Where an offset lies, for error details: 1-based line and column. */
export function position(text: string, offset: number): { offset: number; line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { offset, line, column: offset - start + 1 };
}

export function fail(text: string, offset: number, message: string): Error {
  const where = position(text, offset);
  return syntaxError(`CQL2 text: ${message} at line ${where.line}, column ${where.column}`, where);
}

export function tokenize(text: string): Token[] {
  if (text.length > MAX_TEXT_CHARS) throw fail(text, MAX_TEXT_CHARS, `filter longer than ${MAX_TEXT_CHARS} characters`);
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const start = i;
    if (c === "'") {
      let value = '';
      i++;
      for (;;) {
        const j = text.indexOf("'", i);
        if (j < 0) throw fail(text, start, 'unterminated string literal');
        value += text.slice(i, j);
        if (text[j + 1] === "'") {
          value += "'"; // '' is one quote (cql2.bnf characterLiteral)
          i = j + 2;
        } else {
          i = j + 1;
          break;
        }
      }
      tokens.push({ type: 'string', text: value, offset: start });
      continue;
    }
    if (c === '"') {
      const j = text.indexOf('"', i + 1);
      if (j < 0) throw fail(text, start, 'unterminated quoted identifier');
      if (j === i + 1) throw fail(text, start, 'empty quoted identifier');
      tokens.push({ type: 'quoted', text: text.slice(i + 1, j), offset: start });
      i = j + 1;
      continue;
    }
    NUMBER.lastIndex = i;
    const num = NUMBER.exec(text);
    if (num) {
      tokens.push({ type: 'number', text: num[0], offset: start });
      i += num[0].length;
      continue;
    }
    const cp = String.fromCodePoint(text.codePointAt(i) ?? 0);
    if (IDENT_START.test(cp)) {
      i += cp.length;
      while (i < text.length) {
        const p = String.fromCodePoint(text.codePointAt(i) ?? 0);
        if (!IDENT_PART.test(p)) break;
        i += p.length;
      }
      tokens.push({ type: 'ident', text: text.slice(start, i), offset: start });
      continue;
    }
    const symbol = SYMBOLS.find((s) => text.startsWith(s, i));
    if (!symbol) throw fail(text, start, `unexpected character ${JSON.stringify(cp)}`);
    tokens.push({ type: 'symbol', text: symbol, offset: start });
    i += symbol.length;
  }
  tokens.push({ type: 'end', text: '', offset: text.length });
  return tokens;
}
