import { parseDuration } from '../windows/parseDuration';
import { EventCounts, isValidTarget } from './attainment';
import { burnRateOfCounts } from './burnRate';

/**
 * One multi-window burn-rate alert: it fires when the burn rate over both
 * `longWindow` and `shortWindow` exceeds `burnRate`.
 * @public
 */
export type BurnRateAlertRule = {
  /** Stable name, e.g. `page-1h`. */
  name: string;
  severity: 'page' | 'ticket';
  /** The factor both windows must exceed. */
  burnRate: number;
  /** Fixed-length durations (`m`, `h`, `d`, `w`), e.g. `1h` and `5m`. */
  longWindow: string;
  shortWindow: string;
};

/**
 * A set of burn-rate alert rules.
 * @public
 */
export type BurnRatePolicy = { rules: BurnRateAlertRule[] };

/**
 * The Google SRE Workbook's recommended multiwindow, multi-burn-rate alerts
 * (chapter 5, "Alerting on SLOs", alert 6) for a 30-day SLO: page at 14.4x
 * over 1 h and 5 m (2 % of the budget in an hour), page at 6x over 6 h and
 * 30 m (5 % in six hours), ticket at 1x over 3 d and 6 h (10 % in three days).
 * @public
 */
export const DEFAULT_BURN_RATE_POLICY: BurnRatePolicy = {
  rules: [
    {
      name: 'page-1h',
      severity: 'page',
      burnRate: 14.4,
      longWindow: '1h',
      shortWindow: '5m',
    },
    {
      name: 'page-6h',
      severity: 'page',
      burnRate: 6,
      longWindow: '6h',
      shortWindow: '30m',
    },
    {
      name: 'ticket-3d',
      severity: 'ticket',
      burnRate: 1,
      longWindow: '3d',
      shortWindow: '6h',
    },
  ],
};

/**
 * A window the alerts need counts for.
 * @public
 */
export type AlertWindow = { duration: string; milliseconds: number };

/**
 * A window's burn rate; null when it had no events.
 * @public
 */
export type WindowBurnRate = {
  duration: string;
  milliseconds: number;
  burnRate: number | null;
  good: number | null;
  total: number | null;
};

/**
 * One rule evaluated.
 * @public
 */
export type BurnRateAlertResult = {
  rule: BurnRateAlertRule;
  long: WindowBurnRate;
  short: WindowBurnRate;
  firing: boolean;
};

/**
 * Every rule evaluated, the firing ones, and the burn rate of each window.
 * @public
 */
export type BurnRateAlertEvaluation = {
  alerts: BurnRateAlertResult[];
  firing: BurnRateAlertResult[];
  /** One entry per distinct window, shortest first. */
  windows: WindowBurnRate[];
};

/**
 * Problems with a burn-rate policy (e.g. from app-config), each naming the
 * rule and field; empty when the policy is usable.
 * @public
 */
export function validateBurnRatePolicy(policy: BurnRatePolicy): string[] {
  const errors: string[] = [];
  if (!policy || !Array.isArray(policy.rules)) {
    return ['the policy must have a list of rules'];
  }
  const names = new Set<string>();
  policy.rules.forEach((rule, index) => {
    const at = `rules[${index}]`;
    if (!rule || typeof rule !== 'object') {
      errors.push(`${at} must be an object`);
      return;
    }
    if (typeof rule.name !== 'string' || rule.name === '') {
      errors.push(`${at}.name must be a non-empty string`);
    } else if (names.has(rule.name)) {
      errors.push(`${at}.name "${rule.name}" is used by another rule`);
    } else {
      names.add(rule.name);
    }
    if (rule.severity !== 'page' && rule.severity !== 'ticket') {
      errors.push(`${at}.severity must be page or ticket`);
    }
    if (!(typeof rule.burnRate === 'number' && rule.burnRate > 0)) {
      errors.push(`${at}.burnRate must be a positive number`);
    }
    const long = parseDuration(rule.longWindow);
    const short = parseDuration(rule.shortWindow);
    if (!long.ok) errors.push(`${at}.longWindow ${long.error}`);
    if (!short.ok) errors.push(`${at}.shortWindow ${short.error}`);
    if (long.ok && short.ok && short.value >= long.value) {
      errors.push(`${at}.shortWindow must be shorter than longWindow`);
    }
  });
  return errors;
}

/**
 * Evaluates multiwindow, multi-burn-rate alerts: a rule fires when the burn
 * rate over both its long and its short window is strictly above its factor
 * (the short window makes the alert reset soon after the burning stops).
 * `windows` returns the counts of the window ending now, or null when there
 * is no data; a window without events never fires. Returns null for an
 * invalid target or policy (see {@link validateBurnRatePolicy}).
 * @public
 */
export function evaluateBurnRateAlerts(input: {
  target: number;
  windows: (window: AlertWindow) => EventCounts | null;
  policy?: BurnRatePolicy;
}): BurnRateAlertEvaluation | null {
  const policy = input.policy ?? DEFAULT_BURN_RATE_POLICY;
  if (!isValidTarget(input.target)) return null;
  if (validateBurnRatePolicy(policy).length > 0) return null;

  const byDuration = new Map<string, WindowBurnRate>();
  const measure = (duration: string): WindowBurnRate => {
    let measured = byDuration.get(duration);
    if (!measured) {
      const parsed = parseDuration(duration);
      const milliseconds = parsed.ok ? parsed.value : 0;
      const counts = input.windows({ duration, milliseconds });
      const rate = counts ? burnRateOfCounts(counts, input.target) : null;
      measured = {
        duration,
        milliseconds,
        burnRate: rate,
        good: rate === null ? null : counts!.good,
        total: rate === null ? null : counts!.total,
      };
      byDuration.set(duration, measured);
    }
    return measured;
  };

  const alerts = policy.rules.map(rule => {
    const long = measure(rule.longWindow);
    const short = measure(rule.shortWindow);
    const firing =
      long.burnRate !== null &&
      short.burnRate !== null &&
      long.burnRate > rule.burnRate &&
      short.burnRate > rule.burnRate;
    return { rule, long, short, firing };
  });
  return {
    alerts,
    firing: alerts.filter(alert => alert.firing),
    windows: [...byDuration.values()].sort(
      (a, b) => a.milliseconds - b.milliseconds,
    ),
  };
}
