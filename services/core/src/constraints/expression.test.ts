/// <reference types="node" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { namesOf, parseExpression } from './expression.js';
import { evaluateTruth } from './evaluate.js';
import { ExpressionSyntaxError } from './tokens.js';

const VARS: Record<string, number> = { a: 3, b: -2, c: 0.5, 'opt.lr': 4, 'x-y': 7 };
const lookup = (name: string) => VARS[name]!;
const truth = (text: string) => evaluateTruth(parseExpression(text), lookup);

function syntaxError(text: string): ExpressionSyntaxError {
  try {
    parseExpression(text);
  } catch (err) {
    if (err instanceof ExpressionSyntaxError) return err;
    throw err;
  }
  assert.fail(`'${text}' parsed`);
}

test('precedence and associativity follow Python', () => {
  assert.equal(truth('a + b * c == 2'), true); // 3 + (-1)
  assert.equal(truth('-2 ** 2 == -4'), true);
  assert.equal(truth('2 ** 3 ** 2 == 512'), true);
  assert.equal(truth('2 ** -1 == 0.5'), true);
  assert.equal(truth('a - b - c == 4.5'), true);
  assert.equal(truth('12 / a / 2 == 2'), true);
  assert.equal(truth('not a < b and c > 0'), true);
  assert.equal(truth('a < b or c > 0 and b > 0'), false);
  assert.equal(truth('(a < b or c > 0) and not (b > 0)'), true);
  assert.equal(truth('opt.lr >= 4 and `x-y` != 6'), true);
  assert.equal(truth('1e1 == 10 and .5 == c'), true);
  assert.equal(truth('a / 0 > 1e308'), true);
});

test('the parameter names an expression reads, with their columns', () => {
  assert.deepEqual([...namesOf(parseExpression('batch_size * grad_accum <= 256 and batch_size > 1'))], [['batch_size', 1], ['grad_accum', 14]]);
});

test('syntax errors name the column and what to write instead', () => {
  const cases: [string, number, RegExp][] = [
    ['a >= ', 6, /ends too early/],
    ['a = b', 3, /use ==/],
    ['a && b', 3, /use and, or, not/],
    ['a ^ 2 < 1', 3, /\*\* for powers/],
    ['(a + b < 1', 11, /missing '\)'/],
    ['a < b < c', 7, /do not chain/],
    ['a + b', 1, /a constraint must be a comparison/],
    ['(a < b) + 1 > 0', 1, /must be a number/],
    ['a and b > 1', 1, /must be a comparison/],
    ['2a > 1', 2, /runs into a name/],
    ['a > 1 )', 7, /unexpected '\)'/],
    ['`unclosed > 1', 1, /unclosed backquote/],
  ];
  for (const [text, column, message] of cases) {
    const err = syntaxError(text);
    assert.equal(err.column, column, text);
    assert.match(err.reason, message, text);
  }
});

/** Random expression trees and a reference evaluator written independently of the parser. */
type Num = { n: number } | { v: string } | { neg: Num } | { op: '+' | '-' | '*' | '/' | '**'; l: Num; r: Num };
type Bool = { cmp: '<' | '<=' | '>' | '>=' | '==' | '!='; l: Num; r: Num } | { logic: 'and' | 'or'; l: Bool; r: Bool } | { not: Bool };

const num: fc.Memo<Num> = fc.memo((depth) =>
  depth <= 1
    ? fc.oneof(fc.integer({ min: 0, max: 9 }).map((n) => ({ n })), fc.constantFrom('a', 'b', 'c', 'opt.lr').map((v) => ({ v })))
    : fc.oneof(
        fc.integer({ min: 0, max: 9 }).map((n) => ({ n })),
        fc.constantFrom('a', 'b', 'c').map((v) => ({ v })),
        num(depth - 1).map((a) => ({ neg: a })),
        fc.tuple(fc.constantFrom('+', '-', '*', '/', '**'), num(depth - 1), num(depth - 1)).map(([op, l, r]) => ({ op, l, r }) as Num),
      ),
);
const bool: fc.Memo<Bool> = fc.memo((depth) =>
  depth <= 1
    ? fc.tuple(fc.constantFrom('<', '<=', '>', '>=', '==', '!='), num(2), num(2)).map(([cmp, l, r]) => ({ cmp, l, r }) as Bool)
    : fc.oneof(
        fc.tuple(fc.constantFrom('<', '<=', '>', '>=', '==', '!='), num(3), num(3)).map(([cmp, l, r]) => ({ cmp, l, r }) as Bool),
        fc.tuple(fc.constantFrom('and', 'or'), bool(depth - 1), bool(depth - 1)).map(([logic, l, r]) => ({ logic, l, r }) as Bool),
        bool(depth - 1).map((a) => ({ not: a })),
      ),
);

function refNum(e: Num): number {
  if ('n' in e) return e.n;
  if ('v' in e) return VARS[e.v]!;
  if ('neg' in e) return -refNum(e.neg);
  const l = refNum(e.l);
  const r = refNum(e.r);
  return e.op === '+' ? l + r : e.op === '-' ? l - r : e.op === '*' ? l * r : e.op === '/' ? l / r : l ** r;
}
function refBool(e: Bool): boolean {
  if ('not' in e) return !refBool(e.not);
  if ('logic' in e) return e.logic === 'and' ? refBool(e.l) && refBool(e.r) : refBool(e.l) || refBool(e.r);
  const l = refNum(e.l);
  const r = refNum(e.r);
  switch (e.cmp) {
    case '<': return l < r;
    case '<=': return l <= r;
    case '>': return l > r;
    case '>=': return l >= r;
    case '==': return l === r;
    case '!=': return l !== r;
  }
}

// Binding strength of each node, for printing with the fewest parentheses the grammar needs.
const NUM_LEVEL = { '+': 4, '-': 4, '*': 5, '/': 5 } as const;
function printNum(e: Num, extra: () => boolean): string {
  const wrap = (s: string, need: boolean) => (need || extra() ? `(${s})` : s);
  if ('n' in e) return String(e.n);
  if ('v' in e) return e.v;
  if ('neg' in e) {
    // The operand of a unary minus binds at least as tight as unary: a sum or product needs parentheses.
    const inner = e.neg;
    return `-${wrap(printNum(inner, extra), 'op' in inner && inner.op !== '**')}`;
  }
  if (e.op === '**') {
    // Base: an atom (a negation or any binary node needs parentheses); exponent: unary level, right associative.
    const lNeeds = !('n' in e.l || 'v' in e.l);
    const rNeeds = 'op' in e.r && e.r.op !== '**';
    return `${wrap(printNum(e.l, extra), lNeeds)} ** ${wrap(printNum(e.r, extra), rNeeds)}`;
  }
  const level = NUM_LEVEL[e.op];
  const lNeeds = 'op' in e.l && e.l.op !== '**' && NUM_LEVEL[e.l.op] < level;
  const rNeeds = 'op' in e.r && e.r.op !== '**' && NUM_LEVEL[e.r.op] <= level;
  return `${wrap(printNum(e.l, extra), lNeeds)} ${e.op} ${wrap(printNum(e.r, extra), rNeeds)}`;
}
function printBool(e: Bool, extra: () => boolean): string {
  const wrap = (s: string, need: boolean) => (need || extra() ? `(${s})` : s);
  if ('cmp' in e) return `${printNum(e.l, extra)} ${e.cmp} ${printNum(e.r, extra)}`;
  if ('not' in e) return `not ${wrap(printBool(e.not, extra), 'logic' in e.not)}`;
  const level = e.logic === 'or' ? 1 : 2;
  const lv = (x: Bool) => ('logic' in x ? (x.logic === 'or' ? 1 : 2) : 3);
  return `${wrap(printBool(e.l, extra), lv(e.l) < level)} ${e.logic} ${wrap(printBool(e.r, extra), lv(e.r) <= level)}`;
}

test('property: parsing a printed random expression evaluates as the reference does', () => {
  fc.assert(
    fc.property(bool(4), fc.array(fc.boolean(), { minLength: 64, maxLength: 64 }), (tree, coins) => {
      let k = 0;
      // Redundant parentheses at random places must not change the meaning either.
      const text = printBool(tree, () => coins[k++ % coins.length]! && k % 3 === 0);
      assert.equal(evaluateTruth(parseExpression(text), lookup), refBool(tree), text);
    }),
    { numRuns: 2000 },
  );
});

test('property: any text either parses or fails with a column inside it', () => {
  fc.assert(
    fc.property(fc.string({ unit: fc.constantFrom(...'ab1.+-*/()<=>! andort`'.split('')), maxLength: 20 }), (text) => {
      try {
        parseExpression(text);
      } catch (err) {
        assert.ok(err instanceof ExpressionSyntaxError, String(err));
        assert.ok(err.column >= 1 && err.column <= text.length + 1, `${text}: ${err.column}`);
      }
    }),
    { numRuns: 3000 },
  );
});
