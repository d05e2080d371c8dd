/**
 * Tokens of the constraint expression language (see expression.ts). Columns are 1-based, as
 * editors count them, so an error can point at the character to fix.
 */

export type Token =
  | { kind: 'num'; value: number; column: number; text: string }
  | { kind: 'name'; name: string; column: number; text: string }
  | { kind: 'op'; op: Operator; column: number; text: string }
  | { kind: 'end'; column: number; text: string };

export type Operator = '+' | '-' | '*' | '/' | '**' | '(' | ')' | '<' | '<=' | '>' | '>=' | '==' | '!=' | 'and' | 'or' | 'not';

/** A syntax error at a column of the expression text. */
export class ExpressionSyntaxError extends Error {
  override readonly name = 'ExpressionSyntaxError';
  constructor(readonly column: number, readonly reason: string) {
    super(`column ${column}: ${reason}`);
  }
}

const WORD_OPERATORS: ReadonlySet<string> = new Set(['and', 'or', 'not']);
// Longest first, so `**` wins over `*` and `<=` over `<`.
const SYMBOLS: readonly Operator[] = ['**', '<=', '>=', '==', '!=', '+', '-', '*', '/', '(', ')', '<', '>'];
const NUMBER = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/;
// A parameter name: identifiers joined by dots (nested parameters are flattened to `a.b`).
const NAME = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*/;

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    const column = i + 1;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const rest = text.slice(i);
    const num = NUMBER.exec(rest);
    if (num) {
      if (NAME.test(rest.slice(num[0].length))) {
        throw new ExpressionSyntaxError(column + num[0].length, `a number runs into a name ('${rest.slice(0, num[0].length + 1)}'); put an operator between them`);
      }
      tokens.push({ kind: 'num', value: Number(num[0]), column, text: num[0] });
      i += num[0].length;
      continue;
    }
    if (ch === '`') {
      // Backquotes admit any parameter name, e.g. `learning-rate`.
      const close = text.indexOf('`', i + 1);
      if (close < 0) throw new ExpressionSyntaxError(column, 'unclosed backquote: write `name` with a closing backquote');
      const name = text.slice(i + 1, close);
      if (name.length === 0) throw new ExpressionSyntaxError(column, 'empty backquoted name');
      tokens.push({ kind: 'name', name, column, text: text.slice(i, close + 1) });
      i = close + 1;
      continue;
    }
    const word = NAME.exec(rest);
    if (word) {
      const w = word[0];
      if (WORD_OPERATORS.has(w)) tokens.push({ kind: 'op', op: w as Operator, column, text: w });
      else tokens.push({ kind: 'name', name: w, column, text: w });
      i += w.length;
      continue;
    }
    const sym = SYMBOLS.find((s) => rest.startsWith(s));
    if (sym) {
      tokens.push({ kind: 'op', op: sym, column, text: sym });
      i += sym.length;
      continue;
    }
    const hint = ch === '=' ? " (use == to compare, or <= / >= for bounds)" : ch === '&' || ch === '|' || ch === '!' ? ' (use and, or, not)' : ch === '^' ? ' (use ** for powers)' : '';
    throw new ExpressionSyntaxError(column, `unexpected character '${ch}'${hint}`);
  }
  tokens.push({ kind: 'end', column: text.length + 1, text: '' });
  return tokens;
}
