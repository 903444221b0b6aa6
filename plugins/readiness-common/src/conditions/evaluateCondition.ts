import type {
  Condition,
  ConditionOperator,
  ConditionValue,
  FactValue,
} from '../model';
import { errorMessage } from '../describeInput';
import { formatFactValue } from './formatFactValue';

/**
 * What {@link evaluateCondition} returns.
 * @public
 */
export type ConditionEvaluation = {
  /** Whether the condition held; false when it could not be evaluated. */
  result: boolean;
  /** The facts it read that were never collected, sorted. */
  missing: string[];
  /**
   * Why, in words: "catalog.hasRunbook is false, expected true",
   * "any of (none held): ...", "repository.dockerfile was never collected".
   */
  explanation: string;
  /**
   * Why it could not be evaluated properly: a fact whose value has the wrong
   * type for its comparison, or a malformed condition. Empty when fine.
   */
  problems: string[];
};

type Outcome = { result: boolean; explanation: string };
type Scalar = boolean | number | string;

/** Parsed conditions nest 10 deep; this only stops hand-built cycles. */
const MAX_DEPTH = 64;

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every(item => typeof item === 'string');
}

function typeWords(value: unknown): string {
  if (isStringList(value)) return 'a list of strings';
  if (Array.isArray(value)) return 'a list of mixed values';
  if (typeof value === 'number') {
    return Number.isNaN(value) ? 'not a number' : 'a number';
  }
  if (typeof value === 'boolean') return 'a boolean';
  if (typeof value === 'string') return 'a string';
  return `of type ${typeof value}`;
}

function format(value: unknown): string {
  return formatFactValue(value as ConditionValue);
}

function sameSet(a: string[], b: string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every(item => right.has(item));
}

function scalarTypeOf(list: unknown[]): 'boolean' | 'number' | 'string' | null {
  if (list.length === 0) return null;
  const type = typeof list[0];
  if (type !== 'boolean' && type !== 'number' && type !== 'string') return null;
  return list.every(item => typeof item === type) ? type : null;
}

/** What the comparison wants, in words ("at least 1", "one of [...]"). */
function expectation(
  operator: ConditionOperator,
  value: unknown,
  actual: unknown,
): string {
  const listFact = Array.isArray(actual);
  switch (operator) {
    case 'equal':
      return format(value);
    case 'notEqual':
      return `anything but ${format(value)}`;
    case 'lessThan':
      return `less than ${format(value)}`;
    case 'lessThanInclusive':
      return `at most ${format(value)}`;
    case 'greaterThan':
      return `more than ${format(value)}`;
    case 'greaterThanInclusive':
      return `at least ${format(value)}`;
    case 'in':
      return listFact
        ? `only items of ${format(value)}`
        : `one of ${format(value)}`;
    case 'notIn':
      return listFact
        ? `no item of ${format(value)}`
        : `none of ${format(value)}`;
    case 'contains':
      return listFact
        ? `a list containing ${format(value)}`
        : `text containing ${format(value)}`;
    case 'doesNotContain':
      return listFact
        ? `a list without ${format(value)}`
        : `text without ${format(value)}`;
    case 'matches':
      return `text matching /${String(value)}/`;
    case 'exists':
      return 'a value';
    case 'notExists':
      return 'no value';
    default:
      return `something for the operator ${String(operator)}`;
  }
}

class ConditionEvaluator {
  readonly missing = new Set<string>();
  readonly problems: string[] = [];

  constructor(
    private readonly facts: Readonly<Record<string, FactValue | undefined>>,
  ) {}

  private fact(id: string): FactValue | undefined {
    return Object.prototype.hasOwnProperty.call(this.facts, id)
      ? this.facts[id]
      : undefined;
  }

  private malformed(message: string): Outcome {
    this.problems.push(`the condition is malformed: ${message}`);
    return { result: false, explanation: `malformed condition (${message})` };
  }

  evaluate(node: unknown, depth: number): Outcome {
    if (depth > MAX_DEPTH) {
      return this.malformed(`it nests deeper than ${MAX_DEPTH} levels`);
    }
    if (typeof node !== 'object' || node === null || Array.isArray(node)) {
      return this.malformed(`${format(node)} is not a condition`);
    }
    const fields = node as Record<string, unknown>;
    if (Array.isArray(fields.all)) {
      return this.list('all', fields.all, depth);
    }
    if (Array.isArray(fields.any)) {
      return this.list('any', fields.any, depth);
    }
    if ('not' in fields) {
      const inner = this.evaluate(fields.not, depth + 1);
      return {
        result: !inner.result,
        explanation: `not [${inner.explanation}]: ${
          inner.result ? 'it held' : 'it did not hold'
        }`,
      };
    }
    if (typeof fields.fact === 'string') {
      return this.compare(
        fields.fact,
        fields.operator as ConditionOperator,
        fields.value,
      );
    }
    return this.malformed('expected a fact comparison or all/any/not');
  }

  private list(kind: 'all' | 'any', nodes: unknown[], depth: number): Outcome {
    if (nodes.length === 0) {
      return this.malformed(`${kind} has no conditions`);
    }
    // Every child is evaluated, so `missing` and the explanation are complete.
    const children = nodes.map(child => {
      const outcome = this.evaluate(child, depth + 1);
      const nested =
        typeof child === 'object' &&
        child !== null &&
        !('fact' in (child as object));
      return {
        ...outcome,
        text: nested ? `[${outcome.explanation}]` : outcome.explanation,
      };
    });
    const held = children.filter(child => child.result);
    const failed = children.filter(child => !child.result);
    const n = children.length;
    if (kind === 'all') {
      if (failed.length === 0) {
        return {
          result: true,
          explanation: `all of (all held): ${children
            .map(c => c.text)
            .join('; ')}`,
        };
      }
      return {
        result: false,
        explanation: `all of (${failed.length} of ${n} did not hold): ${failed
          .map(c => c.text)
          .join('; ')}`,
      };
    }
    if (held.length === 0) {
      return {
        result: false,
        explanation: `any of (none held): ${children
          .map(c => c.text)
          .join('; ')}`,
      };
    }
    return {
      result: true,
      explanation: `any of (${held.length} of ${n} held): ${held
        .map(c => c.text)
        .join('; ')}`,
    };
  }

  private compare(
    fact: string,
    operator: ConditionOperator,
    value: unknown,
  ): Outcome {
    const actual = this.fact(fact);
    if (actual === undefined) {
      this.missing.add(fact);
      return operator === 'notExists'
        ? {
            result: true,
            explanation: `${fact} was never collected (no value, as required)`,
          }
        : { result: false, explanation: `${fact} was never collected` };
    }
    if (operator === 'exists') {
      return actual === null
        ? { result: false, explanation: `${fact} has no value, expected one` }
        : { result: true, explanation: `${fact} is ${format(actual)}` };
    }
    if (operator === 'notExists') {
      return actual === null
        ? { result: true, explanation: `${fact} has no value` }
        : {
            result: false,
            explanation: `${fact} is ${format(actual)}, expected no value`,
          };
    }
    const wanted = expectation(operator, value, actual);
    if (actual === null) {
      return {
        result: false,
        explanation: `${fact} has no value, expected ${wanted}`,
      };
    }
    const held = this.holds(fact, operator, value, actual);
    if (typeof held === 'string') {
      this.problems.push(held);
      return { result: false, explanation: held };
    }
    const is = `${fact} is ${format(actual)}`;
    if (!held)
      return { result: false, explanation: `${is}, expected ${wanted}` };
    return {
      result: true,
      explanation: operator === 'equal' ? is : `${is} (${wanted})`,
    };
  }

  /** The comparison's result, or why the fact cannot be compared. */
  private holds(
    fact: string,
    operator: ConditionOperator,
    value: unknown,
    actual: Exclude<FactValue, null>,
  ): boolean | string {
    const cannot = (needed: string) =>
      `${fact} is ${format(actual)} (${typeWords(
        actual,
      )}), but ${operator} needs ${needed}`;
    switch (operator) {
      case 'equal':
      case 'notEqual': {
        let equal: boolean;
        if (Array.isArray(value)) {
          if (!isStringList(value)) {
            return `the condition on ${fact} compares with a list that is not all strings`;
          }
          if (!isStringList(actual)) return cannot('a list of strings');
          equal = sameSet(actual, value);
        } else {
          if (typeof actual !== typeof value || Array.isArray(actual)) {
            return cannot(typeWords(value));
          }
          equal = actual === value;
        }
        return operator === 'equal' ? equal : !equal;
      }
      case 'lessThan':
      case 'lessThanInclusive':
      case 'greaterThan':
      case 'greaterThanInclusive': {
        if (typeof value !== 'number') {
          return `the condition on ${fact} compares with ${format(
            value,
          )}, not a number`;
        }
        if (typeof actual !== 'number' || Number.isNaN(actual)) {
          return cannot('a number');
        }
        if (operator === 'lessThan') return actual < value;
        if (operator === 'lessThanInclusive') return actual <= value;
        if (operator === 'greaterThan') return actual > value;
        return actual >= value;
      }
      case 'in':
      case 'notIn': {
        const type = Array.isArray(value) ? scalarTypeOf(value) : null;
        if (!Array.isArray(value) || type === null) {
          return `the condition on ${fact} needs a non-empty list of one type for ${operator}`;
        }
        const list = value as Scalar[];
        if (Array.isArray(actual)) {
          if (type !== 'string' || !isStringList(actual)) {
            return cannot(`${typeWords(list[0])} or a list of strings`);
          }
          return operator === 'in'
            ? actual.every(item => list.includes(item))
            : !actual.some(item => list.includes(item));
        }
        if (typeof actual !== type) return cannot(typeWords(list[0]));
        const found = list.includes(actual);
        return operator === 'in' ? found : !found;
      }
      case 'contains':
      case 'doesNotContain': {
        if (typeof value !== 'string') {
          return `the condition on ${fact} needs text for ${operator}`;
        }
        let found: boolean;
        if (isStringList(actual)) found = actual.includes(value);
        else if (typeof actual === 'string') found = actual.includes(value);
        else return cannot('a string or a list of strings');
        return operator === 'contains' ? found : !found;
      }
      case 'matches': {
        if (typeof value !== 'string') {
          return `the condition on ${fact} needs a regular expression for matches`;
        }
        if (typeof actual !== 'string') return cannot('a string');
        try {
          return new RegExp(value).test(actual);
        } catch (error) {
          return `the pattern /${value}/ on ${fact} is not a valid regular expression: ${errorMessage(
            error,
          )}`;
        }
      }
      default:
        return `the condition on ${fact} has an unknown operator ${format(
          operator,
        )}`;
    }
  }
}

/**
 * Evaluates a condition against collected facts. Never throws. A fact that
 * is undefined (never collected) makes its comparison false, except
 * `notExists`, and is listed in `missing`; a fact that is null (collected,
 * no value) fails every comparison except `notExists`. `exists` holds for a
 * non-null value. On string-list facts: `equal` compares as sets, `in`
 * holds when every item is in the list, `notIn` when none is, `contains`
 * when the list has the item. A fact of the wrong type for its comparison
 * is a problem: the result is false and `problems` says why.
 * @public
 */
export function evaluateCondition(
  condition: Condition,
  facts: Readonly<Record<string, FactValue | undefined>>,
): ConditionEvaluation {
  const evaluator = new ConditionEvaluator(facts ?? {});
  let outcome: Outcome;
  try {
    outcome = evaluator.evaluate(condition, 1);
  } catch (error) {
    const message = `the condition could not be evaluated: ${errorMessage(
      error,
    )}`;
    evaluator.problems.push(message);
    outcome = { result: false, explanation: message };
  }
  return {
    result: outcome.result && evaluator.problems.length === 0,
    missing: [...evaluator.missing].sort(),
    explanation: outcome.explanation,
    problems: evaluator.problems,
  };
}
