import { ExpressionSyntaxError, tokenize, type Operator, type Token } from './tokens.js';

/**
 * A small, safe expression language for parameter constraints, e.g. `lora_alpha >= lora_r`
 * or `batch_size * grad_accum <= 256`: numbers, parameter names (dotted for nested ones,
 * backquoted for any other spelling), + - * / ** and parentheses, comparisons, and/or/not.
 * Parsed by recursive descent into a JSON-safe tree; nothing is ever evaluated as code.
 *
 * Precedence, loosest first (as in Python): or, and, not, comparison (one per operand pair:
 * `a < b < c` must be written `a < b and b < c`), + -, * /, unary minus, ** (right
 * associative, binding tighter than a unary minus on its left: -2 ** 2 is -4).
 * Every node is typed: arithmetic and comparisons take numbers, and/or/not take truths, and a
 * whole constraint must be a truth; mixing them is a syntax error at the operator's column.
 */

export type ArithOp = '+' | '-' | '*' | '/' | '**';
export type CompareOp = '<' | '<=' | '>' | '>=' | '==' | '!=';

export type Expr =
  | { kind: 'num'; value: number }
  | { kind: 'var'; name: string; column: number }
  | { kind: 'neg'; arg: Expr }
  | { kind: 'arith'; op: ArithOp; left: Expr; right: Expr }
  | { kind: 'compare'; op: CompareOp; left: Expr; right: Expr }
  | { kind: 'logic'; op: 'and' | 'or'; left: Expr; right: Expr }
  | { kind: 'not'; arg: Expr };

type Typed = { expr: Expr; type: 'number' | 'truth'; column: number };

const COMPARE: ReadonlySet<Operator> = new Set(['<', '<=', '>', '>=', '==', '!=']);

class Parser {
  private at = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.at]!;
  }

  private isOp(...ops: Operator[]): boolean {
    const t = this.peek();
    return t.kind === 'op' && ops.includes(t.op);
  }

  private next(): Token {
    return this.tokens[this.at++]!;
  }

  private expect(type: Typed['type'], got: Typed, role: string): Expr {
    if (got.type !== type) {
      const want = type === 'number' ? 'a number' : 'a comparison (true or false)';
      throw new ExpressionSyntaxError(got.column, `${role} must be ${want}, but this is ${got.type === 'number' ? 'a number' : 'a comparison'}`);
    }
    return got.expr;
  }

  parseAll(): Expr {
    const whole = this.or();
    const end = this.peek();
    if (end.kind !== 'end') throw new ExpressionSyntaxError(end.column, `unexpected '${end.text}' after a complete expression`);
    return this.expect('truth', whole, 'a constraint');
  }

  private or(): Typed {
    let left = this.and();
    while (this.isOp('or')) {
      const op = this.next();
      const right = this.and();
      left = { expr: { kind: 'logic', op: 'or', left: this.expect('truth', left, `the left side of 'or' (column ${op.column})`), right: this.expect('truth', right, `the right side of 'or' (column ${op.column})`) }, type: 'truth', column: left.column };
    }
    return left;
  }

  private and(): Typed {
    let left = this.not();
    while (this.isOp('and')) {
      const op = this.next();
      const right = this.not();
      left = { expr: { kind: 'logic', op: 'and', left: this.expect('truth', left, `the left side of 'and' (column ${op.column})`), right: this.expect('truth', right, `the right side of 'and' (column ${op.column})`) }, type: 'truth', column: left.column };
    }
    return left;
  }

  private not(): Typed {
    if (this.isOp('not')) {
      const op = this.next();
      const arg = this.not();
      return { expr: { kind: 'not', arg: this.expect('truth', arg, `the operand of 'not' (column ${op.column})`) }, type: 'truth', column: op.column };
    }
    return this.comparison();
  }

  private comparison(): Typed {
    const left = this.sum();
    const t = this.peek();
    if (t.kind !== 'op' || !COMPARE.has(t.op)) return left;
    this.next();
    const right = this.sum();
    const after = this.peek();
    if (after.kind === 'op' && COMPARE.has(after.op)) {
      throw new ExpressionSyntaxError(after.column, `comparisons do not chain; write 'a < b and b < c'`);
    }
    const role = (side: string) => `the ${side} side of '${t.text}' (column ${t.column})`;
    return { expr: { kind: 'compare', op: t.op as CompareOp, left: this.expect('number', left, role('left')), right: this.expect('number', right, role('right')) }, type: 'truth', column: left.column };
  }

  private sum(): Typed {
    let left = this.product();
    while (this.isOp('+', '-')) {
      const op = this.next() as Extract<Token, { kind: 'op' }>;
      const right = this.product();
      left = this.arith(op, left, right);
    }
    return left;
  }

  private product(): Typed {
    let left = this.unary();
    while (this.isOp('*', '/')) {
      const op = this.next() as Extract<Token, { kind: 'op' }>;
      const right = this.unary();
      left = this.arith(op, left, right);
    }
    return left;
  }

  private arith(op: Extract<Token, { kind: 'op' }>, left: Typed, right: Typed): Typed {
    const role = (side: string) => `the ${side} side of '${op.text}' (column ${op.column})`;
    return { expr: { kind: 'arith', op: op.op as ArithOp, left: this.expect('number', left, role('left')), right: this.expect('number', right, role('right')) }, type: 'number', column: left.column };
  }

  private unary(): Typed {
    if (this.isOp('-', '+')) {
      const op = this.next() as Extract<Token, { kind: 'op' }>;
      const arg = this.unary();
      const checked = this.expect('number', arg, `the operand of '${op.text}' (column ${op.column})`);
      return { expr: op.op === '-' ? { kind: 'neg', arg: checked } : checked, type: 'number', column: op.column };
    }
    return this.power();
  }

  private power(): Typed {
    const base = this.atom();
    if (!this.isOp('**')) return base;
    const op = this.next() as Extract<Token, { kind: 'op' }>;
    // The exponent may carry its own sign (2 ** -1) and is right associative (2 ** 3 ** 2).
    const exponent = this.unary();
    return this.arith(op, base, exponent);
  }

  private atom(): Typed {
    const t = this.next();
    if (t.kind === 'num') return { expr: { kind: 'num', value: t.value }, type: 'number', column: t.column };
    if (t.kind === 'name') return { expr: { kind: 'var', name: t.name, column: t.column }, type: 'number', column: t.column };
    if (t.kind === 'op' && t.op === '(') {
      const inner = this.or();
      const close = this.next();
      if (close.kind !== 'op' || close.op !== ')') {
        throw new ExpressionSyntaxError(close.column, close.kind === 'end' ? `missing ')' to close the '(' at column ${t.column}` : `expected ')' to close the '(' at column ${t.column}, found '${close.text}'`);
      }
      return { ...inner, column: t.column };
    }
    if (t.kind === 'end') throw new ExpressionSyntaxError(t.column, 'the expression ends too early: a number, a parameter name or ( is missing');
    throw new ExpressionSyntaxError(t.column, `expected a number, a parameter name or (, found '${t.text}'`);
  }
}

/** Parses one constraint; throws ExpressionSyntaxError (with its column) on bad input. */
export function parseExpression(text: string): Expr {
  return new Parser(tokenize(text)).parseAll();
}

/** Every parameter name the expression reads, in order of first use. */
export function namesOf(expr: Expr, out: Map<string, number> = new Map()): Map<string, number> {
  switch (expr.kind) {
    case 'var':
      if (!out.has(expr.name)) out.set(expr.name, expr.column);
      break;
    case 'neg':
    case 'not':
      namesOf(expr.arg, out);
      break;
    case 'arith':
    case 'compare':
    case 'logic':
      namesOf(expr.left, out);
      namesOf(expr.right, out);
      break;
    case 'num':
      break;
  }
  return out;
}
