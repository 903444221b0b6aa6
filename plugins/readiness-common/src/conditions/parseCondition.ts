import {
  describeInput,
  didYouMean,
  errorMessage,
  isPlainObject,
  joinPath,
  listWords,
} from '../describeInput';
import type {
  Condition,
  ConditionOperator,
  ConditionValue,
  FactDefinition,
  FactType,
  FactValue,
} from '../model';
import { CONDITION_OPERATORS } from '../model';
import { isConditionOperator } from '../modelGuards';

/** Conditions nest at most this deep (the root is level 1). */
const MAX_DEPTH = 10;
/** A condition has at most this many nodes (fact comparisons and all/any/not). */
const MAX_NODES = 100;
/** `in`/`notIn` lists and string-list values have at most this many items. */
const MAX_LIST_ITEMS = 100;
const MAX_TEXT = 1000;
const MAX_PATTERN = 500;
/** Unknown facts are listed in the message up to this many known ones. */
const MAX_LISTED_FACTS = 40;

const FACT_KEYS = ['fact', 'operator', 'value'];
const COMBINATORS = ['all', 'any', 'not'] as const;
const SHAPES =
  '{ fact, operator, value }, { all: [...] }, { any: [...] } or { not: {...} }';

type ScalarType = 'boolean' | 'number' | 'string';

/**
 * A problem in a condition; `path` names the field
 * (`checks[3].condition.all[1].operator`).
 * @public
 */
export type ConditionError = { path: string; message: string };

/**
 * What {@link parseCondition} returns: the condition when it has no error.
 * @public
 */
export type ConditionParseResult = {
  condition?: Condition;
  errors: ConditionError[];
};

const TYPE_WORDS: Record<FactType, string> = {
  boolean: 'a boolean',
  number: 'a number',
  string: 'a string',
  'string[]': 'a list of strings',
};

const VALUE_WORDS: Record<ScalarType, string> = {
  boolean: 'true or false',
  number: 'a number',
  string: 'text',
};

function hasOwn(object: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(object, key);
}

function quoteKeys(keys: string[]): string {
  return listWords(keys.map(key => describeInput(key)));
}

class ConditionParser {
  readonly errors: ConditionError[] = [];
  private nodes = 0;
  private tooLarge = false;

  constructor(
    private readonly facts: ReadonlyMap<string, FactDefinition>,
    private readonly rootPath: string,
  ) {}

  private error(path: string, message: string) {
    this.errors.push({ path, message });
  }

  parse(raw: unknown, path: string, depth: number): Condition | undefined {
    if (this.tooLarge) return undefined;
    this.nodes += 1;
    if (this.nodes > MAX_NODES) {
      this.tooLarge = true;
      this.error(
        this.rootPath,
        `has more than ${MAX_NODES} conditions; split it into several checks`,
      );
      return undefined;
    }
    if (depth > MAX_DEPTH) {
      this.error(
        path,
        `nests deeper than ${MAX_DEPTH} levels of all/any/not; flatten it`,
      );
      return undefined;
    }
    if (!isPlainObject(raw)) {
      this.error(
        path,
        `must be a condition: ${SHAPES}, got ${describeInput(raw)}`,
      );
      return undefined;
    }
    const keys = Object.keys(raw);
    if (keys.length === 0) {
      this.error(path, `is empty; expected ${SHAPES}`);
      return undefined;
    }
    const combinators = COMBINATORS.filter(key => hasOwn(raw, key));
    if (combinators.length > 0) {
      if (keys.length > 1) {
        this.error(
          path,
          `must have exactly one key when it uses ${
            combinators[0]
          }, got ${quoteKeys(keys)}; put the conditions inside all, any or not`,
        );
        return undefined;
      }
      const combinator = combinators[0];
      if (combinator === 'not') {
        const inner = this.parse(raw.not, joinPath(path, 'not'), depth + 1);
        return inner ? { not: inner } : undefined;
      }
      return this.parseList(raw[combinator], combinator, path, depth);
    }
    return this.parseFactCondition(raw, keys, path);
  }

  private parseList(
    raw: unknown,
    combinator: 'all' | 'any',
    path: string,
    depth: number,
  ): Condition | undefined {
    const listPath = joinPath(path, combinator);
    if (!Array.isArray(raw)) {
      this.error(
        listPath,
        `must be a list of conditions, got ${describeInput(raw)}`,
      );
      return undefined;
    }
    if (raw.length === 0) {
      this.error(listPath, 'must have at least one condition');
      return undefined;
    }
    const children: Condition[] = [];
    let valid = true;
    for (let i = 0; i < raw.length && !this.tooLarge; i++) {
      const child = this.parse(raw[i], joinPath(listPath, i), depth + 1);
      if (child) children.push(child);
      else valid = false;
    }
    if (!valid || this.tooLarge) return undefined;
    return combinator === 'all' ? { all: children } : { any: children };
  }

  private parseFactCondition(
    raw: Record<string, unknown>,
    keys: string[],
    path: string,
  ): Condition | undefined {
    const errorsBefore = this.errors.length;
    const unknown = keys.filter(key => !FACT_KEYS.includes(key));
    if (unknown.length > 0) {
      const hint =
        unknown.length === 1
          ? didYouMean(unknown[0], [...FACT_KEYS, ...COMBINATORS])
          : '';
      this.error(
        path,
        `has unknown field${unknown.length > 1 ? 's' : ''} ${quoteKeys(
          unknown,
        )}${hint}; a condition is ${SHAPES}`,
      );
    }

    const factPath = joinPath(path, 'fact');
    let definition: FactDefinition | undefined;
    if (raw.fact === undefined) {
      this.error(
        factPath,
        'is required: the id of a collected fact, e.g. "catalog.hasRunbook"',
      );
    } else if (typeof raw.fact !== 'string' || raw.fact === '') {
      this.error(
        factPath,
        `must be a fact id such as "catalog.hasRunbook", got ${describeInput(
          raw.fact,
        )}`,
      );
    } else {
      definition = this.facts.get(raw.fact);
      if (!definition) this.error(factPath, this.unknownFact(raw.fact));
    }

    const operatorPath = joinPath(path, 'operator');
    let operator: ConditionOperator | undefined;
    if (raw.operator === undefined) {
      this.error(
        operatorPath,
        `is required: one of ${CONDITION_OPERATORS.join(', ')}`,
      );
    } else if (!isConditionOperator(raw.operator)) {
      const hint =
        typeof raw.operator === 'string'
          ? didYouMean(raw.operator, CONDITION_OPERATORS)
          : '';
      this.error(
        operatorPath,
        `unknown operator ${describeInput(
          raw.operator,
        )}${hint}; expected one of ${CONDITION_OPERATORS.join(', ')}`,
      );
    } else {
      operator = raw.operator;
    }

    if (!definition || !operator) return undefined;
    const value = this.parseValue(raw, definition, operator, path);
    if (this.errors.length > errorsBefore) return undefined;
    return operator === 'exists' || operator === 'notExists'
      ? { fact: definition.id, operator }
      : { fact: definition.id, operator, value };
  }

  private unknownFact(id: string): string {
    const known = [...this.facts.keys()].sort();
    const hint = didYouMean(id, known);
    if (id.startsWith('attestation.')) {
      return `unknown fact ${describeInput(
        id,
      )}${hint}; an attestation fact exists only for a check that sets attestation.validDays, and only that check reads it`;
    }
    const listed =
      known.length <= MAX_LISTED_FACTS
        ? `known facts: ${known.join(', ')}`
        : `${known.length} facts are known; see GET /api/readiness/v1/checks`;
    return `unknown fact ${describeInput(id)}${hint}; ${listed}`;
  }

  /** Checks the value against the operator and the fact's type. */
  private parseValue(
    raw: Record<string, unknown>,
    fact: FactDefinition,
    operator: ConditionOperator,
    path: string,
  ): ConditionValue | undefined {
    const valuePath = joinPath(path, 'value');
    const operatorPath = joinPath(path, 'operator');
    const hasValue = hasOwn(raw, 'value');
    const value = raw.value;
    const factWords = `${fact.id} is ${TYPE_WORDS[fact.type]} fact`;

    if (operator === 'exists' || operator === 'notExists') {
      if (hasValue) {
        this.error(
          valuePath,
          `must be left out: ${operator} takes no value (it tests whether ${fact.id} has a value)`,
        );
      }
      return undefined;
    }
    if (!hasValue) {
      this.error(valuePath, `is required with ${operator}`);
      return undefined;
    }
    if (value === null) {
      this.error(
        valuePath,
        `must not be null; use exists or notExists to test whether ${fact.id} has a value`,
      );
      return undefined;
    }

    switch (operator) {
      case 'equal':
      case 'notEqual':
        if (fact.type === 'string[]') {
          return this.list(value, 'string', valuePath, factWords);
        }
        return this.scalar(value, fact.type, valuePath, factWords);
      case 'lessThan':
      case 'lessThanInclusive':
      case 'greaterThan':
      case 'greaterThanInclusive':
        if (fact.type !== 'number') {
          this.error(
            operatorPath,
            `${operator} compares numbers, but ${factWords}`,
          );
          return undefined;
        }
        return this.scalar(value, 'number', valuePath, factWords);
      case 'in':
      case 'notIn': {
        const itemType: ScalarType =
          fact.type === 'string[]' ? 'string' : fact.type;
        return this.list(value, itemType, valuePath, factWords, operator);
      }
      case 'contains':
      case 'doesNotContain':
        if (fact.type !== 'string' && fact.type !== 'string[]') {
          this.error(
            operatorPath,
            `${operator} works on string and string-list facts, but ${factWords}`,
          );
          return undefined;
        }
        return this.text(value, valuePath, factWords, true);
      case 'matches':
        if (fact.type !== 'string') {
          this.error(
            operatorPath,
            `matches works on string facts, but ${factWords}`,
          );
          return undefined;
        }
        return this.pattern(value, valuePath);
      default:
        this.error(operatorPath, `unknown operator ${describeInput(operator)}`);
        return undefined;
    }
  }

  private scalar(
    value: unknown,
    type: ScalarType,
    path: string,
    factWords: string,
  ): FactValue | undefined {
    if (type === 'string') return this.text(value, path, factWords, false);
    const valid =
      type === 'boolean'
        ? typeof value === 'boolean'
        : typeof value === 'number' && Number.isFinite(value);
    if (!valid) {
      this.error(
        path,
        `must be ${VALUE_WORDS[type]} (${factWords}), got ${describeInput(
          value,
        )}`,
      );
      return undefined;
    }
    return value as boolean | number;
  }

  private text(
    value: unknown,
    path: string,
    factWords: string,
    nonEmpty: boolean,
  ): string | undefined {
    if (typeof value !== 'string') {
      this.error(
        path,
        `must be text (${factWords}), got ${describeInput(value)}`,
      );
      return undefined;
    }
    if (nonEmpty && value === '') {
      this.error(path, 'must not be empty');
      return undefined;
    }
    if (value.length > MAX_TEXT) {
      this.error(
        path,
        `must be at most ${MAX_TEXT} characters, got ${value.length}`,
      );
      return undefined;
    }
    return value;
  }

  /**
   * A list of the item type: the value of `in`/`notIn` (not empty), or of
   * `equal`/`notEqual` on a string-list fact (empty allowed).
   */
  private list(
    value: unknown,
    itemType: ScalarType,
    path: string,
    factWords: string,
    operator?: 'in' | 'notIn',
  ): Array<boolean | number | string> | undefined {
    const forOperator = operator ? ` for ${operator}` : '';
    if (!Array.isArray(value)) {
      this.error(
        path,
        `must be a list of ${
          itemType === 'boolean' ? 'booleans' : `${itemType}s`
        }${forOperator} (${factWords}), got ${describeInput(value)}`,
      );
      return undefined;
    }
    if (operator && value.length === 0) {
      this.error(path, `must have at least one item${forOperator}`);
      return undefined;
    }
    if (value.length > MAX_LIST_ITEMS) {
      this.error(
        path,
        `must have at most ${MAX_LIST_ITEMS} items, got ${value.length}`,
      );
      return undefined;
    }
    const items: Array<boolean | number | string> = [];
    let valid = true;
    value.forEach((item, i) => {
      const parsed = this.scalar(item, itemType, joinPath(path, i), factWords);
      if (parsed === undefined) valid = false;
      else items.push(parsed as boolean | number | string);
    });
    return valid ? items : undefined;
  }

  private pattern(value: unknown, path: string): string | undefined {
    if (typeof value !== 'string' || value === '') {
      this.error(
        path,
        `must be a regular expression (text) for matches, got ${describeInput(
          value,
        )}`,
      );
      return undefined;
    }
    if (value.length > MAX_PATTERN) {
      this.error(
        path,
        `must be at most ${MAX_PATTERN} characters, got ${value.length}`,
      );
      return undefined;
    }
    try {
      // eslint-disable-next-line no-new
      new RegExp(value);
    } catch (error) {
      this.error(
        path,
        `is not a valid regular expression: ${errorMessage(error)}`,
      );
      return undefined;
    }
    return value;
  }
}

/**
 * Validates a condition from YAML or app-config against the known facts:
 * the shape (`{ fact, operator, value }` or exactly one of all/any/not;
 * all/any non-empty), unknown facts, fields and operators, the value's
 * type for the operator and the fact's type, `matches` patterns (compiled),
 * at most 10 levels deep and 100 nodes. Never throws; every error names
 * its path under `options.path`. The condition is returned only when there
 * is no error.
 * @public
 */
export function parseCondition(
  raw: unknown,
  options: { path: string; facts: ReadonlyMap<string, FactDefinition> },
): ConditionParseResult {
  const parser = new ConditionParser(options.facts, options.path);
  let condition: Condition | undefined;
  try {
    condition = parser.parse(raw, options.path, 1);
  } catch (error) {
    // A getter or proxy in hand-built input; YAML and config never get here.
    parser.errors.push({
      path: options.path,
      message: `could not be read: ${errorMessage(error)}`,
    });
  }
  if (parser.errors.length > 0 || !condition) return { errors: parser.errors };
  return { condition, errors: [] };
}
