/** Longer selectors are refused: no real counter selector needs more. */
export const MAX_SELECTOR_LENGTH = 2000;

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;
const OPERATOR = /^(=~|!~|!=|=)/;

// PromQL words that cannot stand alone as a metric name.
const KEYWORDS = new Set([
  'sum',
  'min',
  'max',
  'avg',
  'group',
  'stddev',
  'stdvar',
  'count',
  'count_values',
  'bottomk',
  'topk',
  'quantile',
  'limitk',
  'limit_ratio',
  'offset',
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'bool',
  'and',
  'or',
  'unless',
  'atan2',
  'inf',
  'nan',
]);

const RULE =
  'it must be a counter selector such as http_requests_total{job="checkout",code!~"5.."}: a metric name and/or label matchers, without functions, operators, offsets or [ranges] (the data source adds sum(increase(...[window])) itself)';

/** The start of `text`, short enough to quote in an error message. */
function excerpt(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/** Length of the quoted string at the start of `text`, or -1 if unterminated. */
function quotedLength(text: string): number {
  const quote = text[0];
  for (let i = 1; i < text.length; i++) {
    const char = text[i];
    if (char === '\n' && quote !== '`') return -1;
    if (char === '\\' && quote !== '`') {
      i++;
      continue;
    }
    if (char === quote) return i + 1;
  }
  return -1;
}

/**
 * Checks that an OpenSLO ratioMetric query is a single PromQL instant-vector
 * selector over counters, e.g. `http_requests_total{job="checkout"}`.
 * Only a bare selector can be wrapped as `increase(<selector>[range])`, which
 * keeps Prometheus's per-series counter-reset handling; an expression such as
 * `sum(...)` would need a subquery and lose it. Returns the trimmed selector,
 * or an error sentence saying what is wrong and what to write instead.
 * @public
 */
export function validateCounterSelector(
  query: string,
): { selector: string } | { error: string } {
  const selector = query.trim();
  if (selector.length === 0) return { error: `the query is empty; ${RULE}` };
  if (selector.length > MAX_SELECTOR_LENGTH) {
    return {
      error: `the query is longer than ${MAX_SELECTOR_LENGTH} characters; ${RULE}`,
    };
  }
  let rest = selector;
  const name = METRIC_NAME.exec(rest)?.[0];
  if (name) {
    if (KEYWORDS.has(name.toLowerCase())) {
      return { error: `"${name}" is a PromQL keyword, not a metric; ${RULE}` };
    }
    rest = rest.slice(name.length).trimStart();
  }
  let matchers = 0;
  if (rest.startsWith('{')) {
    rest = rest.slice(1).trimStart();
    while (!rest.startsWith('}')) {
      const label = LABEL_NAME.exec(rest)?.[0];
      if (!label) {
        return {
          error: `a label name was expected at "${excerpt(rest)}"; ${RULE}`,
        };
      }
      rest = rest.slice(label.length).trimStart();
      const operator = OPERATOR.exec(rest)?.[0];
      if (!operator) {
        return {
          error: `a matcher operator (=, !=, =~, !~) was expected after ${label}; ${RULE}`,
        };
      }
      rest = rest.slice(operator.length).trimStart();
      if (!/^["'`]/.test(rest)) {
        return {
          error: `a quoted value was expected after ${label}${operator}; ${RULE}`,
        };
      }
      const length = quotedLength(rest);
      if (length < 0) {
        return { error: `the value of ${label} is not closed; ${RULE}` };
      }
      rest = rest.slice(length).trimStart();
      matchers++;
      if (rest.startsWith(',')) {
        rest = rest.slice(1).trimStart();
      } else if (!rest.startsWith('}')) {
        return {
          error: `"," or "}" was expected at "${excerpt(rest)}"; ${RULE}`,
        };
      }
    }
    rest = rest.slice(1).trimStart();
  }
  if (!name && matchers === 0) {
    return { error: `no metric name or label matcher was found; ${RULE}` };
  }
  if (rest.length > 0) {
    return {
      error: `unexpected "${excerpt(rest)}" after the selector; ${RULE}`,
    };
  }
  return { selector };
}
