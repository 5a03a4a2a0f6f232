/**
 * CQL2 text (OGC 21-065 §8, cql2.bnf) to the CQL2 AST, by hand-written recursive descent: no CQL2 parser
 * exists on npm. Precedence, lowest first, as cql2.bnf nests it: OR, AND, NOT, predicates (comparison,
 * LIKE, BETWEEN, IN, IS NULL), + -, * / % div, ^, unary minus. Keywords are case-insensitive; `"..."`
 * quotes an identifier; WKT takes 2D or 3D coordinates. Recursion is bounded by MAX_DEPTH and the tree
 * by MAX_NODES, so hostile input costs time linear in its length.
 */
import { ARRAY_FUNCTIONS, STANDARD_NAMES, canonicalInstant, type Cql2Node } from './ast.ts';
import { fail, type Token } from './lexer.ts';
import { TokenCursor } from './token-cursor.ts';
import { GEOMETRY_WORDS, WktReader } from './wkt.ts';

/** Words that end or join an expression and so can never be a bare property name. */
const RESERVED = new Set(['and', 'or', 'not', 'like', 'between', 'in', 'is', 'null', 'div', 'true', 'false']);
const COMPARISONS = new Set(['=', '<>', '<', '<=', '>', '>=']);
const ARRAY_SET: ReadonlySet<string> = new Set(ARRAY_FUNCTIONS);

class TextParser extends TokenCursor {
  private readonly depths = new WeakMap<Cql2Node, number>();
  private readonly wkt = new WktReader(this);

  parse(): Cql2Node {
    const node = this.orExpr(0);
    if (this.peek().type !== 'end') throw this.expected('AND, OR or the end of the filter');
    return node;
  }

  /** Every node is made here: counts nodes and keeps the tree's depth, which chains like 1+1+1... also grow. */
  private make(node: Cql2Node, children: readonly Cql2Node[] = []): Cql2Node {
    this.countNode();
    const depth = 1 + children.reduce((d, c) => Math.max(d, this.depths.get(c) ?? 1), 0);
    this.checkDepth(depth);
    this.depths.set(node, depth);
    return node;
  }

  private op(op: string, args: Cql2Node[]): Cql2Node {
    return this.make({ kind: 'op', op, args }, args);
  }

  private chain(op: 'and' | 'or', depth: number, parse: (depth: number) => Cql2Node): Cql2Node {
    const first = parse(depth);
    if (!this.isWord(op)) return first;
    const args = [first];
    while (this.isWord(op)) {
      this.at++;
      args.push(parse(depth));
    }
    return this.op(op, args);
  }

  private orExpr(depth: number): Cql2Node {
    this.checkDepth(depth);
    return this.chain('or', depth, (d) => this.andExpr(d));
  }

  private andExpr(depth: number): Cql2Node {
    return this.chain('and', depth, (d) => this.notExpr(d));
  }

  private notExpr(depth: number): Cql2Node {
    if (this.isWord('not')) {
      this.at++;
      this.checkDepth(depth + 1);
      const arg = this.notExpr(depth + 1);
      return this.op('not', [arg]);
    }
    return this.predicate(depth);
  }

  /** cql2.bnf comparisonPredicate: a scalar expression, then at most one predicate operator. */
  private predicate(depth: number): Cql2Node {
    const left = this.additive(depth);
    const t = this.peek();
    if (t.type === 'symbol' && COMPARISONS.has(t.text)) {
      this.at++;
      return this.op(t.text, [left, this.additive(depth)]);
    }
    if (this.isWord('is')) {
      this.at++;
      const negated = this.isWord('not');
      if (negated) this.at++;
      this.word('null');
      const test = this.op('isNull', [left]);
      return negated ? this.op('not', [test]) : test;
    }
    const negated = this.isWord('not') && (this.isWord('like', 1) || this.isWord('between', 1) || this.isWord('in', 1));
    if (negated) this.at++;
    let node: Cql2Node;
    if (this.isWord('like')) {
      this.at++;
      node = this.op('like', [left, this.additive(depth)]);
    } else if (this.isWord('between')) {
      this.at++;
      const low = this.additive(depth);
      this.word('and');
      node = this.op('between', [left, low, this.additive(depth)]);
    } else if (this.isWord('in')) {
      this.at++;
      node = this.op('in', [left, this.arrayLiteral(depth)]);
    } else {
      return left;
    }
    return negated ? this.op('not', [node]) : node;
  }

  private binary(depth: number, ops: (t: Token) => string | null, operand: (depth: number) => Cql2Node): Cql2Node {
    let left = operand(depth);
    for (let op = ops(this.peek()); op !== null; op = ops(this.peek())) {
      this.at++;
      left = this.op(op, [left, operand(depth)]);
    }
    return left;
  }

  private additive(depth: number): Cql2Node {
    return this.binary(
      depth,
      (t) => (t.type === 'symbol' && (t.text === '+' || t.text === '-') ? t.text : null),
      (d) => this.term(d),
    );
  }

  private term(depth: number): Cql2Node {
    const op = (t: Token): string | null => {
      if (t.type === 'symbol' && (t.text === '*' || t.text === '/' || t.text === '%')) return t.text;
      return t.type === 'ident' && t.text.toLowerCase() === 'div' ? 'div' : null;
    };
    return this.binary(depth, op, (d) => this.power(d));
  }

  private power(depth: number): Cql2Node {
    const base = this.unary(depth);
    if (!this.isSymbol('^')) return base;
    this.at++;
    return this.op('^', [base, this.unary(depth)]);
  }

  private unary(depth: number): Cql2Node {
    if (!this.isSymbol('-') && !this.isSymbol('+')) return this.primary(depth);
    const sign = this.next().text;
    this.checkDepth(depth + 1);
    if (this.peek().type === 'number') {
      const value = this.number();
      return this.make({ kind: 'number', value: sign === '-' ? -value : value });
    }
    const operand = this.unary(depth + 1);
    return sign === '-' ? this.op('*', [this.make({ kind: 'number', value: -1 }), operand]) : operand;
  }

  private stringArg(what: string): string {
    this.symbol('(');
    const t = this.next();
    if (t.type !== 'string') throw fail(this.text, t.offset, `expected a quoted ${what}`);
    this.symbol(')');
    return t.text;
  }

  private primary(depth: number): Cql2Node {
    const t = this.peek();
    switch (t.type) {
      case 'number':
        return this.make({ kind: 'number', value: this.number() });
      case 'string':
        this.at++;
        return this.make({ kind: 'string', value: t.text });
      case 'quoted':
        this.at++;
        return this.make({ kind: 'property', name: t.text });
      case 'symbol':
        if (t.text !== '(') throw this.expected('an operand');
        this.at++;
        {
          const inner = this.orExpr(depth + 1);
          this.symbol(')');
          return inner;
        }
      case 'end':
        throw this.expected('an operand');
      case 'ident':
        return this.word_(t, depth);
    }
  }

  /** An identifier: a literal keyword, a WKT or BBOX literal, a function call or a property name. */
  private word_(t: Token, depth: number): Cql2Node {
    const lower = t.text.toLowerCase();
    const call = this.isSymbol('(', 1);
    if (lower === 'true' || lower === 'false') {
      this.at++;
      return this.make({ kind: 'boolean', value: lower === 'true' });
    }
    if (RESERVED.has(lower)) throw this.expected('an operand');
    if (GEOMETRY_WORDS.has(lower) && (call || this.isWord('z', 1))) {
      const geometry = this.wkt.geometry();
      return this.make({ kind: 'geometry', geometry });
    }
    if (!call) {
      this.at++;
      return this.make({ kind: 'property', name: t.text });
    }
    this.at++;
    if (lower === 'date') return this.make({ kind: 'date', value: this.stringArg('date') });
    if (lower === 'timestamp') return this.make({ kind: 'timestamp', value: canonicalInstant(this.stringArg('timestamp')) });
    if (lower === 'interval') {
      this.symbol('(');
      const start = this.instantParameter(depth);
      this.symbol(',');
      const end = this.instantParameter(depth);
      this.symbol(')');
      return this.make({ kind: 'interval', start, end }, [start, end]);
    }
    if (lower === 'bbox') {
      this.symbol('(');
      const bbox = [this.signedNumber()];
      while (this.isSymbol(',')) {
        this.at++;
        bbox.push(this.signedNumber());
      }
      this.symbol(')');
      if (bbox.length !== 4 && bbox.length !== 6) throw fail(this.text, t.offset, 'BBOX takes 4 or 6 numbers');
      return this.make({ kind: 'bbox', bbox });
    }
    const name = STANDARD_NAMES.has(lower) ? lower : t.text;
    const args = ARRAY_SET.has(name) ? this.arrayArguments(depth) : this.arguments(depth);
    return this.op(name, args);
  }

  /** cql2.bnf instantParameter: a date or timestamp string, '..', a property or a function. */
  private instantParameter(depth: number): Cql2Node {
    const t = this.peek();
    if (t.type === 'string') {
      this.at++;
      return this.make({ kind: 'string', value: canonicalInstant(t.text) });
    }
    return this.additive(depth + 1);
  }

  private arguments(depth: number): Cql2Node[] {
    this.symbol('(');
    const args: Cql2Node[] = [];
    if (this.isSymbol(')')) {
      this.at++;
      return args;
    }
    for (;;) {
      args.push(this.isSymbol('(') && this.looksLikeArray() ? this.arrayLiteral(depth + 1) : this.orExpr(depth + 1));
      if (!this.isSymbol(',')) break;
      this.at++;
    }
    this.symbol(')');
    return args;
  }

  /** `( ... , ... )` or `()` as an argument is an array; `(x)` stays a parenthesised expression. */
  private looksLikeArray(): boolean {
    if (this.isSymbol(')', 1)) return true;
    let level = 0;
    for (let i = this.at; i < this.tokens.length; i++) {
      const t = this.tokens[i] as Token;
      if (t.type === 'end') return false;
      if (t.type !== 'symbol') continue;
      if (t.text === '(') level++;
      else if (t.text === ')' && --level === 0) return false;
      else if (t.text === ',' && level === 1) return true;
    }
    return false;
  }

  /** Array functions (A_EQUALS, ...) read a parenthesised argument as an array, even with one element. */
  private arrayArguments(depth: number): Cql2Node[] {
    this.symbol('(');
    const args: Cql2Node[] = [];
    for (;;) {
      args.push(this.isSymbol('(') ? this.arrayLiteral(depth + 1) : this.additive(depth + 1));
      if (!this.isSymbol(',')) break;
      this.at++;
    }
    this.symbol(')');
    return args;
  }

  /** cql2.bnf arrayLiteral and inList: `( element, ... )`, elements possibly arrays themselves. */
  private arrayLiteral(depth: number): Cql2Node {
    this.checkDepth(depth + 1);
    this.symbol('(');
    const items: Cql2Node[] = [];
    if (!this.isSymbol(')')) {
      for (;;) {
        items.push(this.isSymbol('(') && this.looksLikeArray() ? this.arrayLiteral(depth + 1) : this.orExpr(depth + 1));
        if (!this.isSymbol(',')) break;
        this.at++;
      }
    }
    this.symbol(')');
    return this.make({ kind: 'array', items }, items);
  }
}

/** Parses CQL2 text into the CQL2 AST; errors are FILTER_SYNTAX with `{ offset, line, column }`. */
export function parseCql2TextAst(text: string): Cql2Node {
  if (typeof text !== 'string') throw fail('', 0, 'the filter must be a string');
  return new TextParser(text).parse();
}
