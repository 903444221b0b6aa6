import { validateCounterSelector } from './validateCounterSelector';

describe('validateCounterSelector', () => {
  it.each([
    'http_requests_total',
    'http_requests_total{job="checkout",code!~"5.."}',
    '  http_requests_total{ job = "checkout" , } ',
    "http_requests_total{path='/a\\'b'}",
    'http_requests_total{path=`C:\\x`}',
    '{__name__=~"http_.*_total",job="x"}',
    'ns:http_requests:total{le="0.1"}',
    'http_requests_total{}',
  ])('accepts %s', query => {
    expect(validateCounterSelector(query)).toEqual({ selector: query.trim() });
  });

  it.each([
    ['', 'the query is empty'],
    ['sum(http_requests_total)', '"sum" is a PromQL keyword'],
    ['rate(http_requests_total[5m])', 'unexpected "(http_requests_total[5m])"'],
    ['http_requests_total[5m]', 'unexpected "[5m]" after the selector'],
    ['http_requests_total offset 5m', 'unexpected "offset 5m"'],
    ['http_requests_total @ 1700000000', 'unexpected "@ 1700000000"'],
    ['a_total / b_total', 'unexpected "/ b_total"'],
    ['a_total or b_total', 'unexpected "or b_total"'],
    ['{}', 'no metric name or label matcher'],
    ['sum', '"sum" is a PromQL keyword'],
    ['x{job="a"', '"," or "}" was expected at ""'],
    ['x{job=~"a}', 'the value of job is not closed'],
    ['x{job<"a"}', 'a matcher operator'],
    ['x{job=a}', 'a quoted value was expected after job='],
    ['x{1job="a"}', 'a label name was expected'],
    ['x{job="a"}} or vector(1)', 'unexpected "} or vector(1)"'],
    [`x{a="${'b'.repeat(2001)}"}`, 'longer than 2000 characters'],
  ])('refuses %s', (query, message) => {
    const result = validateCounterSelector(query);
    expect(result).toEqual({ error: expect.stringContaining(message) });
    expect('error' in result && result.error).toContain(
      'it must be a counter selector such as',
    );
  });
});
