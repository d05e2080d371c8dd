import type { Expr } from './expression.js';

/**
 * Evaluates a parsed constraint on numeric parameter values. Arithmetic is IEEE double, so
 * x / 0 is infinite and 0 / 0 is NaN; every comparison with NaN but != is false, so a
 * bound that computes NaN does not hold.
 */
export function evaluateNumber(expr: Expr, value: (name: string) => number): number {
  switch (expr.kind) {
    case 'num':
      return expr.value;
    case 'var':
      return value(expr.name);
    case 'neg':
      return -evaluateNumber(expr.arg, value);
    case 'arith': {
      const a = evaluateNumber(expr.left, value);
      const b = evaluateNumber(expr.right, value);
      switch (expr.op) {
        case '+': return a + b;
        case '-': return a - b;
        case '*': return a * b;
        case '/': return a / b;
        case '**': return a ** b;
      }
    }
  }
  // Truth-valued nodes never reach here: the parser types every operand.
  return Number.NaN;
}

export function evaluateTruth(expr: Expr, value: (name: string) => number): boolean {
  switch (expr.kind) {
    case 'compare': {
      const a = evaluateNumber(expr.left, value);
      const b = evaluateNumber(expr.right, value);
      switch (expr.op) {
        case '<': return a < b;
        case '<=': return a <= b;
        case '>': return a > b;
        case '>=': return a >= b;
        case '==': return a === b;
        case '!=': return a !== b;
      }
      break;
    }
    case 'logic':
      return expr.op === 'and' ? evaluateTruth(expr.left, value) && evaluateTruth(expr.right, value) : evaluateTruth(expr.left, value) || evaluateTruth(expr.right, value);
    case 'not':
      return !evaluateTruth(expr.arg, value);
    default:
      break;
  }
  return false;
}
