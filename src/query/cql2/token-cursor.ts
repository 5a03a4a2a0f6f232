/**
 * A cursor over CQL2 text tokens with the checks every production needs: lookahead by word or symbol,
 * "expected X, found Y" errors with the position, the depth bound and the node budget.
 */
import { MAX_DEPTH, MAX_NODES } from '../validate.ts';
import { QUERY_ERRORS, queryError } from '../errors.ts';
import { fail, tokenize, type Token } from './lexer.ts';

export class TokenCursor {
  readonly tokens: Token[];
  at = 0;
  private nodes = 0;

  constructor(readonly text: string) {
    this.tokens = tokenize(text);
  }

  peek(ahead = 0): Token {
    return this.tokens[Math.min(this.at + ahead, this.tokens.length - 1)] as Token;
  }

  next(): Token {
    const t = this.peek();
    if (t.type !== 'end') this.at++;
    return t;
  }

  isWord(word: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t.type === 'ident' && t.text.toLowerCase() === word;
  }

  isSymbol(symbol: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t.type === 'symbol' && t.text === symbol;
  }

  expected(what: string): Error {
    const t = this.peek();
    const found = t.type === 'end' ? 'the end of the filter' : JSON.stringify(t.text.slice(0, 40));
    return fail(this.text, t.offset, `expected ${what}, found ${found}`);
  }

  symbol(symbol: string): void {
    if (!this.isSymbol(symbol)) throw this.expected(`"${symbol}"`);
    this.at++;
  }

  word(word: string): void {
    if (!this.isWord(word)) throw this.expected(word.toUpperCase());
    this.at++;
  }

  checkDepth(depth: number): void {
    if (depth > MAX_DEPTH) throw queryError(QUERY_ERRORS.FILTER_TOO_COMPLEX, `filter is nested deeper than ${MAX_DEPTH}`);
  }

  number(): number {
    const t = this.next();
    if (t.type !== 'number') throw fail(this.text, t.offset, 'expected a number');
    return Number(t.text);
  }

  signedNumber(): number {
    if (this.isSymbol('-')) {
      this.at++;
      return -this.number();
    }
    if (this.isSymbol('+')) this.at++;
    if (this.peek().type !== 'number') throw this.expected('a number');
    return this.number();
  }

  /** Counts one more node against MAX_NODES. */
  countNode(): void {
    if (++this.nodes > MAX_NODES) throw queryError(QUERY_ERRORS.FILTER_TOO_COMPLEX, `filter has more than ${MAX_NODES} nodes`);
  }
}
