import { describeValue } from '../describeValue';
import { Duration, parseDurationShorthand } from '../windows/parseDuration';
import { parseCalendarStartTime, TimeWindow } from '../windows/windowBounds';
import { isValidTimeZone } from '../windows/zonedTime';
import { DocumentChecker, Fields, join } from './DocumentChecker';
import {
  OpenSloAlertConditionSpec,
  OpenSloAlertNotificationTargetSpec,
  OpenSloAlertPolicyEntry,
  OpenSloAlertPolicySpec,
  OpenSloBudgetingMethod,
  OpenSloDataSourceSpec,
  OpenSloDocument,
  OpenSloInlineSli,
  OpenSloKind,
  OpenSloMetadata,
  OpenSloMetric,
  OpenSloObjective,
  OpenSloOperator,
  OpenSloRatioMetric,
  OpenSloServiceSpec,
  OpenSloSliSpec,
  OpenSloSloSpec,
} from './OpenSloDocument';

const KINDS: readonly OpenSloKind[] = [
  'SLO',
  'SLI',
  'Service',
  'DataSource',
  'AlertPolicy',
  'AlertCondition',
  'AlertNotificationTarget',
];
const OPERATORS: readonly OpenSloOperator[] = ['lt', 'lte', 'gt', 'gte'];
const BUDGETING_METHODS: readonly OpenSloBudgetingMethod[] = [
  'Occurrences',
  'Timeslices',
  'RatioTimeslices',
];
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const LABEL_KEY =
  /^([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const MAX_OBJECTIVES = 50;
const MAX_LIST = 50;

function isKind(value: unknown): value is OpenSloKind {
  return (KINDS as readonly unknown[]).includes(value);
}

function readName(
  check: DocumentChecker,
  value: unknown,
  path: string,
): string | undefined {
  if (typeof value !== 'string' || value === '') {
    check.error(
      path,
      `is required: a DNS label such as "checkout-availability"`,
    );
    return undefined;
  }
  if (!DNS_LABEL.test(value)) {
    check.error(
      path,
      `must be a DNS label (RFC 1123: lower-case letters, digits and "-", starting and ending with a letter or digit, at most 63 characters), got ${describeValue(
        value,
      )}`,
    );
    return undefined;
  }
  return value;
}

function readMetadata(
  check: DocumentChecker,
  value: unknown,
  path: string,
): OpenSloMetadata | undefined {
  const fields = check.object(value, path);
  if (!fields) return undefined;
  check.knownKeys(fields, path, [
    'name',
    'displayName',
    'labels',
    'annotations',
  ]);
  const name = readName(check, fields.name, join(path, 'name'));
  const displayName = check.string(fields, 'displayName', path, {
    required: false,
    maxLength: 253,
  });
  const labels: Record<string, string[]> = {};
  if (fields.labels !== undefined && fields.labels !== null) {
    const labelFields = check.object(fields.labels, join(path, 'labels'));
    for (const [key, raw] of Object.entries(labelFields ?? {})) {
      const at = join(join(path, 'labels'), key);
      if (!LABEL_KEY.test(key)) {
        check.error(at, 'is not a valid label key');
        continue;
      }
      const values = Array.isArray(raw) ? raw : [raw];
      if (!values.every(v => typeof v === 'string' && v.length <= 253)) {
        check.error(at, 'must be a string or a list of strings');
        continue;
      }
      labels[key] = values as string[];
    }
  }
  const annotations: Record<string, string> = {};
  if (fields.annotations !== undefined && fields.annotations !== null) {
    const annotationFields = check.object(
      fields.annotations,
      join(path, 'annotations'),
    );
    for (const [key, raw] of Object.entries(annotationFields ?? {})) {
      const at = join(join(path, 'annotations'), key);
      if (!LABEL_KEY.test(key)) {
        check.error(at, 'is not a valid annotation key');
      } else if (typeof raw !== 'string') {
        check.error(at, `must be a string, got ${describeValue(raw)}`);
      } else {
        annotations[key] = raw;
      }
    }
  }
  if (name === undefined) return undefined;
  return {
    name,
    ...(displayName !== undefined ? { displayName } : {}),
    labels,
    annotations,
  };
}

function readDuration(
  check: DocumentChecker,
  value: unknown,
  path: string,
): Duration | undefined {
  const parsed = parseDurationShorthand(value);
  if (!parsed.ok) {
    check.error(path, parsed.error);
    return undefined;
  }
  return parsed.value;
}

function readMetric(
  check: DocumentChecker,
  value: unknown,
  path: string,
): OpenSloMetric | undefined {
  const fields = check.object(value, path);
  if (!fields) return undefined;
  check.knownKeys(fields, path, ['metricSource']);
  const sourcePath = join(path, 'metricSource');
  if (fields.metricSource === undefined) {
    check.error(sourcePath, 'is required');
    return undefined;
  }
  const source = check.object(fields.metricSource, sourcePath);
  if (!source) return undefined;
  check.knownKeys(source, sourcePath, ['metricSourceRef', 'type', 'spec']);
  const metricSourceRef = check.string(source, 'metricSourceRef', sourcePath, {
    required: false,
    maxLength: 63,
  });
  const type = check.string(source, 'type', sourcePath, {
    required: false,
    maxLength: 253,
  });
  if (metricSourceRef === undefined && type === undefined) {
    check.error(
      sourcePath,
      'needs a type (e.g. Prometheus) or a metricSourceRef naming a DataSource',
    );
  }
  let spec: Fields = {};
  if (source.spec !== undefined && source.spec !== null) {
    spec = check.object(source.spec, join(sourcePath, 'spec')) ?? {};
  }
  return {
    metricSource: {
      ...(metricSourceRef !== undefined ? { metricSourceRef } : {}),
      ...(type !== undefined ? { type } : {}),
      spec,
    },
  };
}

function readRatioMetric(
  check: DocumentChecker,
  value: unknown,
  path: string,
): OpenSloRatioMetric | undefined {
  const fields = check.object(value, path);
  if (!fields) return undefined;
  check.knownKeys(fields, path, [
    'counter',
    'good',
    'bad',
    'total',
    'rawType',
    'raw',
  ]);
  const has = (key: string) =>
    fields[key] !== undefined && fields[key] !== null;
  const metric: OpenSloRatioMetric = {
    counter: check.boolean(fields, 'counter', path, false),
  };
  if (has('raw')) {
    if (has('good') || has('bad') || has('total')) {
      check.error(
        path,
        'must have either raw or total with good or bad, not both',
      );
    }
    metric.raw = readMetric(check, fields.raw, join(path, 'raw'));
    if (fields.rawType !== 'success' && fields.rawType !== 'failure') {
      check.error(
        join(path, 'rawType'),
        `must be success or failure with raw, got ${describeValue(
          fields.rawType,
        )}`,
      );
    } else {
      metric.rawType = fields.rawType;
    }
    return metric;
  }
  if (!has('total')) {
    check.error(join(path, 'total'), 'is required (the denominator)');
  } else {
    metric.total = readMetric(check, fields.total, join(path, 'total'));
  }
  if (has('good') && has('bad')) {
    check.error(path, 'must have exactly one of good and bad, got both');
  } else if (!has('good') && !has('bad')) {
    check.error(path, 'must have exactly one of good and bad, got neither');
  } else if (has('good')) {
    metric.good = readMetric(check, fields.good, join(path, 'good'));
  } else {
    metric.bad = readMetric(check, fields.bad, join(path, 'bad'));
  }
  if (has('rawType'))
    check.warn(join(path, 'rawType'), 'is only used with raw; ignored');
  return metric;
}

function readSliSpec(
  check: DocumentChecker,
  value: unknown,
  path: string,
): OpenSloSliSpec | undefined {
  const fields = check.object(value, path);
  if (!fields) return undefined;
  check.knownKeys(fields, path, [
    'description',
    'ratioMetric',
    'thresholdMetric',
  ]);
  const description = check.string(fields, 'description', path, {
    required: false,
  });
  const hasRatio =
    fields.ratioMetric !== undefined && fields.ratioMetric !== null;
  const hasThreshold =
    fields.thresholdMetric !== undefined && fields.thresholdMetric !== null;
  if (hasRatio === hasThreshold) {
    check.error(
      path,
      `must have exactly one of ratioMetric and thresholdMetric, got ${
        hasRatio ? 'both' : 'neither'
      }`,
    );
    return undefined;
  }
  const spec: OpenSloSliSpec = description !== undefined ? { description } : {};
  if (hasRatio) {
    spec.ratioMetric = readRatioMetric(
      check,
      fields.ratioMetric,
      join(path, 'ratioMetric'),
    );
  } else {
    spec.thresholdMetric = readMetric(
      check,
      fields.thresholdMetric,
      join(path, 'thresholdMetric'),
    );
  }
  return spec;
}

function readInlineSli(
  check: DocumentChecker,
  value: unknown,
  path: string,
): OpenSloInlineSli | undefined {
  const fields = check.object(value, path);
  if (!fields) return undefined;
  // An inline SLI may repeat apiVersion/kind (some tools write them).
  check.knownKeys(fields, path, ['metadata', 'spec', 'apiVersion', 'kind']);
  if (fields.kind !== undefined && fields.kind !== 'SLI') {
    check.error(
      join(path, 'kind'),
      `must be SLI, got ${describeValue(fields.kind)}`,
    );
  }
  const metadata = readMetadata(check, fields.metadata, join(path, 'metadata'));
  const spec = readSliSpec(check, fields.spec, join(path, 'spec'));
  return metadata && spec ? { metadata, spec } : undefined;
}

function readTimeWindow(
  check: DocumentChecker,
  fields: Fields,
  path: string,
): TimeWindow | undefined {
  const list = check.list(fields, 'timeWindow', path, true);
  const listPath = join(path, 'timeWindow');
  if (!list) return undefined;
  if (list.length !== 1) {
    check.error(listPath, `must have exactly one item, got ${list.length}`);
    return undefined;
  }
  const at = join(listPath, 0);
  const window = check.object(list[0], at);
  if (!window) return undefined;
  check.knownKeys(window, at, ['duration', 'isRolling', 'calendar']);
  const duration = readDuration(check, window.duration, join(at, 'duration'));
  const hasCalendar = window.calendar !== undefined && window.calendar !== null;
  const isRolling = window.isRolling ?? !hasCalendar;
  if (typeof isRolling !== 'boolean') {
    check.error(
      join(at, 'isRolling'),
      `must be true or false, got ${describeValue(isRolling)}`,
    );
    return undefined;
  }
  if (isRolling) {
    if (hasCalendar) {
      check.error(
        at,
        'must be either rolling (isRolling: true) or calendar-aligned (calendar:), not both',
      );
      return undefined;
    }
    if (duration && !['m', 'h', 'd', 'w'].includes(duration.unit)) {
      check.error(
        join(at, 'duration'),
        `must have a fixed length for a rolling window (m, h, d or w, e.g. "28d"), got "${duration.text}"`,
      );
      return undefined;
    }
    return duration ? { isRolling: true, duration } : undefined;
  }
  if (!hasCalendar) {
    check.error(join(at, 'calendar'), 'is required when isRolling is false');
    return undefined;
  }
  const calendarPath = join(at, 'calendar');
  const calendar = check.object(window.calendar, calendarPath);
  if (!calendar) return undefined;
  check.knownKeys(calendar, calendarPath, ['startTime', 'timeZone']);
  const startTime = check.string(calendar, 'startTime', calendarPath, {
    required: true,
  });
  const timeZone = check.string(calendar, 'timeZone', calendarPath, {
    required: true,
    maxLength: 64,
  });
  let valid = startTime !== undefined && timeZone !== undefined;
  if (startTime !== undefined) {
    const parsed = parseCalendarStartTime(startTime);
    if (!parsed.ok) {
      check.error(join(calendarPath, 'startTime'), parsed.error);
      valid = false;
    }
  }
  if (timeZone !== undefined && !isValidTimeZone(timeZone)) {
    check.error(
      join(calendarPath, 'timeZone'),
      `must be an IANA time zone such as "Europe/Berlin", got ${describeValue(
        timeZone,
      )}`,
    );
    valid = false;
  }
  if (duration && !['d', 'w', 'M', 'Q', 'Y'].includes(duration.unit)) {
    check.error(
      join(at, 'duration'),
      `must be in days, weeks, months, quarters or years for a calendar window (d, w, M, Q, Y), got "${duration.text}"`,
    );
    valid = false;
  }
  if (!valid || !duration) return undefined;
  return {
    isRolling: false,
    duration,
    calendar: { startTime: startTime!, timeZone: timeZone! },
  };
}

function readObjective(
  check: DocumentChecker,
  value: unknown,
  path: string,
  method: OpenSloBudgetingMethod | undefined,
): OpenSloObjective | undefined {
  const fields = check.object(value, path);
  if (!fields) return undefined;
  check.knownKeys(fields, path, [
    'displayName',
    'op',
    'value',
    'target',
    'targetPercent',
    'timeSliceTarget',
    'timeSliceWindow',
    'indicator',
    'indicatorRef',
    'compositeWeight',
  ]);
  const errorsBefore = check.errorCount;
  const displayName = check.string(fields, 'displayName', path, {
    required: false,
    maxLength: 253,
  });
  let target: number | undefined;
  const rawTarget = check.number(fields, 'target', path, false);
  const rawPercent = check.number(fields, 'targetPercent', path, false);
  if (rawTarget !== undefined && rawPercent !== undefined) {
    check.error(path, 'must have one of target and targetPercent, got both');
  } else if (rawTarget !== undefined) {
    if (rawTarget > 0 && rawTarget < 1) target = rawTarget;
    else {
      check.error(
        join(path, 'target'),
        `must be between 0 and 1 (exclusive of both; 0.999 means 99.9 %), got ${rawTarget}`,
      );
    }
  } else if (rawPercent !== undefined) {
    if (rawPercent > 0 && rawPercent < 100) {
      target = Number((rawPercent / 100).toPrecision(12));
    } else {
      check.error(
        join(path, 'targetPercent'),
        `must be between 0 and 100 (exclusive of both), got ${rawPercent}`,
      );
    }
  } else if (
    fields.target === undefined &&
    fields.targetPercent === undefined
  ) {
    check.error(path, 'must have a target (0..1) or a targetPercent (0..100)');
  }

  const objective: Partial<OpenSloObjective> = {};
  if (displayName !== undefined) objective.displayName = displayName;
  if (fields.op !== undefined) {
    if ((OPERATORS as readonly unknown[]).includes(fields.op)) {
      objective.op = fields.op as OpenSloOperator;
    } else {
      check.error(
        join(path, 'op'),
        `must be one of lt, lte, gt, gte, got ${describeValue(fields.op)}`,
      );
    }
  }
  objective.value = check.number(fields, 'value', path, false);
  if (objective.value === undefined) delete objective.value;

  const sliceTarget = check.number(fields, 'timeSliceTarget', path, false);
  if (sliceTarget !== undefined) {
    if (sliceTarget > 0 && sliceTarget <= 1)
      objective.timeSliceTarget = sliceTarget;
    else {
      check.error(
        join(path, 'timeSliceTarget'),
        `must be above 0 and at most 1, got ${sliceTarget}`,
      );
    }
  }
  if (fields.timeSliceWindow !== undefined) {
    // OpenSLO: a bare number is minutes.
    const raw =
      typeof fields.timeSliceWindow === 'number'
        ? `${fields.timeSliceWindow}m`
        : fields.timeSliceWindow;
    objective.timeSliceWindow = readDuration(
      check,
      raw,
      join(path, 'timeSliceWindow'),
    );
    if (
      objective.timeSliceWindow &&
      !['m', 'h', 'd'].includes(objective.timeSliceWindow.unit)
    ) {
      check.error(
        join(path, 'timeSliceWindow'),
        'must be in minutes, hours or days',
      );
    }
  }
  if (method === 'Timeslices') {
    if (fields.timeSliceTarget === undefined) {
      check.error(
        join(path, 'timeSliceTarget'),
        'is required with budgetingMethod Timeslices',
      );
    }
    if (fields.timeSliceWindow === undefined) {
      check.error(
        join(path, 'timeSliceWindow'),
        'is required with budgetingMethod Timeslices',
      );
    }
  } else if (method === 'RatioTimeslices') {
    if (fields.timeSliceWindow === undefined) {
      check.error(
        join(path, 'timeSliceWindow'),
        'is required with budgetingMethod RatioTimeslices',
      );
    }
  } else if (method === 'Occurrences') {
    for (const key of ['timeSliceTarget', 'timeSliceWindow']) {
      if (fields[key] !== undefined) {
        check.warn(join(path, key), 'is only used with Timeslices; ignored');
      }
    }
  }
  if (fields.indicator !== undefined && fields.indicatorRef !== undefined) {
    check.error(path, 'must have one of indicator and indicatorRef, got both');
  } else if (fields.indicator !== undefined) {
    objective.indicator = readInlineSli(
      check,
      fields.indicator,
      join(path, 'indicator'),
    );
  } else if (fields.indicatorRef !== undefined) {
    objective.indicatorRef = readName(
      check,
      fields.indicatorRef,
      join(path, 'indicatorRef'),
    );
  }
  const weight = check.number(fields, 'compositeWeight', path, false);
  if (weight !== undefined) {
    if (weight > 0) objective.compositeWeight = weight;
    else
      check.error(
        join(path, 'compositeWeight'),
        `must be above 0, got ${weight}`,
      );
  }
  if (check.errorCount > errorsBefore || target === undefined) return undefined;
  return { ...objective, target };
}

function indicatorKind(sli: OpenSloInlineSli | undefined) {
  if (!sli) return undefined;
  return sli.spec.thresholdMetric ? 'threshold' : 'ratio';
}

function readSloSpec(
  check: DocumentChecker,
  value: unknown,
  path: string,
): OpenSloSloSpec | undefined {
  const fields = check.object(value, path);
  if (!fields) return undefined;
  check.knownKeys(fields, path, [
    'description',
    'service',
    'indicator',
    'indicatorRef',
    'timeWindow',
    'budgetingMethod',
    'objectives',
    'alertPolicies',
  ]);
  const errorsBefore = check.errorCount;
  const description = check.string(fields, 'description', path, {
    required: false,
  });
  const service = check.string(fields, 'service', path, {
    required: true,
    maxLength: 253,
  });

  let indicator: OpenSloInlineSli | undefined;
  let indicatorRef: string | undefined;
  const hasIndicator =
    fields.indicator !== undefined && fields.indicator !== null;
  const hasRef =
    fields.indicatorRef !== undefined && fields.indicatorRef !== null;
  if (hasIndicator && hasRef) {
    check.error(path, 'must have one of indicator and indicatorRef, got both');
  } else if (hasIndicator) {
    indicator = readInlineSli(check, fields.indicator, join(path, 'indicator'));
  } else if (hasRef) {
    indicatorRef = readName(
      check,
      fields.indicatorRef,
      join(path, 'indicatorRef'),
    );
  }

  const timeWindow = readTimeWindow(check, fields, path);

  let budgetingMethod: OpenSloBudgetingMethod | undefined;
  if (fields.budgetingMethod === undefined) {
    check.error(
      join(path, 'budgetingMethod'),
      'is required: Occurrences, Timeslices or RatioTimeslices',
    );
  } else if (
    (BUDGETING_METHODS as readonly unknown[]).includes(fields.budgetingMethod)
  ) {
    budgetingMethod = fields.budgetingMethod as OpenSloBudgetingMethod;
  } else {
    check.error(
      join(path, 'budgetingMethod'),
      `must be Occurrences, Timeslices or RatioTimeslices, got ${describeValue(
        fields.budgetingMethod,
      )}`,
    );
  }

  const objectives: OpenSloObjective[] = [];
  const objectivesPath = join(path, 'objectives');
  const list = check.list(fields, 'objectives', path, true);
  if (list && list.length === 0)
    check.error(objectivesPath, 'must have at least one objective');
  if (list && list.length > MAX_OBJECTIVES) {
    check.error(
      objectivesPath,
      `must have at most ${MAX_OBJECTIVES} objectives, got ${list.length}`,
    );
  } else {
    list?.forEach((item, i) => {
      const objective = readObjective(
        check,
        item,
        join(objectivesPath, i),
        budgetingMethod,
      );
      if (objective) objectives.push(objective);
    });
  }

  // Neither SLO-level indicator: valid only as a composite SLO, where every
  // objective names its own.
  if (!hasIndicator && !hasRef && list && list.length > 0) {
    const composite = list.every(
      item =>
        item !== null &&
        typeof item === 'object' &&
        ((item as Fields).indicator !== undefined ||
          (item as Fields).indicatorRef !== undefined),
    );
    if (!composite) {
      check.error(
        path,
        'must have an indicator (inline SLI) or an indicatorRef (name of an SLI); for a composite SLO every objective must have one',
      );
    }
  } else if (!hasIndicator && !hasRef) {
    check.error(
      path,
      'must have an indicator (inline SLI) or an indicatorRef (name of an SLI)',
    );
  }
  if (indicatorKind(indicator) === 'threshold') {
    if (objectives.length > 1) {
      check.error(
        objectivesPath,
        'must have exactly one objective with a thresholdMetric SLI',
      );
    }
    objectives.forEach((objective, i) => {
      if (objective.op === undefined || objective.value === undefined) {
        check.error(
          join(objectivesPath, i),
          'needs op (lt, lte, gt, gte) and value with a thresholdMetric SLI',
        );
      }
    });
  }

  const alertPolicies: OpenSloAlertPolicyEntry[] = [];
  const policiesPath = join(path, 'alertPolicies');
  const policies = check.list(fields, 'alertPolicies', path, false) ?? [];
  if (policies.length > MAX_LIST) {
    check.error(policiesPath, `must have at most ${MAX_LIST} entries`);
  } else {
    policies.forEach((entry, i) => {
      const at = join(policiesPath, i);
      const entryFields = check.object(entry, at);
      if (!entryFields) return;
      if (entryFields.alertPolicyRef !== undefined) {
        check.knownKeys(entryFields, at, ['alertPolicyRef']);
        const ref = readName(
          check,
          entryFields.alertPolicyRef,
          join(at, 'alertPolicyRef'),
        );
        if (ref) alertPolicies.push({ alertPolicyRef: ref });
        return;
      }
      check.knownKeys(entryFields, at, [
        'kind',
        'metadata',
        'spec',
        'apiVersion',
      ]);
      if (entryFields.kind !== 'AlertPolicy') {
        check.error(
          at,
          'must be an alertPolicyRef or an inline policy with kind: AlertPolicy',
        );
        return;
      }
      const metadata = readMetadata(
        check,
        entryFields.metadata,
        join(at, 'metadata'),
      );
      const spec = readAlertPolicySpec(
        check,
        entryFields.spec,
        join(at, 'spec'),
      );
      if (metadata && spec) alertPolicies.push({ inline: { metadata, spec } });
    });
  }

  if (
    check.errorCount > errorsBefore ||
    !service ||
    !timeWindow ||
    !budgetingMethod
  ) {
    return undefined;
  }
  return {
    ...(description !== undefined ? { description } : {}),
    service,
    ...(indicator ? { indicator } : {}),
    ...(indicatorRef ? { indicatorRef } : {}),
    timeWindow,
    budgetingMethod,
    objectives,
    alertPolicies,
  };
}

function readAlertConditionSpec(
  check: DocumentChecker,
  value: unknown,
  path: string,
): OpenSloAlertConditionSpec | undefined {
  const fields = check.object(value, path);
  if (!fields) return undefined;
  check.knownKeys(fields, path, ['description', 'severity', 'condition']);
  const errorsBefore = check.errorCount;
  const description = check.string(fields, 'description', path, {
    required: false,
  });
  const severity = check.string(fields, 'severity', path, {
    required: true,
    maxLength: 63,
  });
  const conditionPath = join(path, 'condition');
  if (fields.condition === undefined) {
    check.error(conditionPath, 'is required');
    return undefined;
  }
  const condition = check.object(fields.condition, conditionPath);
  if (!condition) return undefined;
  check.knownKeys(condition, conditionPath, [
    'kind',
    'op',
    'threshold',
    'lookbackWindow',
    'alertAfter',
  ]);
  const kind = condition.kind ?? 'burnrate';
  if (kind !== 'burnrate') {
    check.error(
      join(conditionPath, 'kind'),
      `must be burnrate, got ${describeValue(kind)}`,
    );
  }
  if (!(OPERATORS as readonly unknown[]).includes(condition.op)) {
    check.error(
      join(conditionPath, 'op'),
      `must be one of lt, lte, gt, gte, got ${describeValue(condition.op)}`,
    );
  }
  const threshold = check.number(condition, 'threshold', conditionPath, true);
  const lookbackWindow = readDuration(
    check,
    condition.lookbackWindow,
    join(conditionPath, 'lookbackWindow'),
  );
  const alertAfter =
    condition.alertAfter === undefined
      ? null
      : readDuration(
          check,
          condition.alertAfter,
          join(conditionPath, 'alertAfter'),
        );
  if (
    check.errorCount > errorsBefore ||
    !severity ||
    threshold === undefined ||
    !lookbackWindow
  ) {
    return undefined;
  }
  return {
    ...(description !== undefined ? { description } : {}),
    severity,
    condition: {
      kind: 'burnrate',
      op: condition.op as OpenSloOperator,
      threshold,
      lookbackWindow,
      alertAfter: alertAfter ?? null,
    },
  };
}

function readNotificationTargetSpec(
  check: DocumentChecker,
  value: unknown,
  path: string,
): OpenSloAlertNotificationTargetSpec | undefined {
  const fields = check.object(value, path);
  if (!fields) return undefined;
  check.knownKeys(fields, path, ['description', 'target']);
  const description = check.string(fields, 'description', path, {
    required: false,
  });
  const target = check.string(fields, 'target', path, {
    required: true,
    maxLength: 1050,
  });
  if (!target) return undefined;
  return { ...(description !== undefined ? { description } : {}), target };
}

function readAlertPolicySpec(
  check: DocumentChecker,
  value: unknown,
  path: string,
): OpenSloAlertPolicySpec | undefined {
  const fields = check.object(value, path);
  if (!fields) return undefined;
  check.knownKeys(fields, path, [
    'description',
    'alertWhenNoData',
    'alertWhenResolved',
    'alertWhenBreaching',
    'conditions',
    'notificationTargets',
  ]);
  const errorsBefore = check.errorCount;
  const description = check.string(fields, 'description', path, {
    required: false,
  });
  const spec: OpenSloAlertPolicySpec = {
    ...(description !== undefined ? { description } : {}),
    alertWhenNoData: check.boolean(fields, 'alertWhenNoData', path, false),
    alertWhenResolved: check.boolean(fields, 'alertWhenResolved', path, false),
    alertWhenBreaching: check.boolean(
      fields,
      'alertWhenBreaching',
      path,
      false,
    ),
    conditions: [],
    notificationTargets: [],
  };
  const conditionsPath = join(path, 'conditions');
  const conditions = check.list(fields, 'conditions', path, true);
  if (conditions && conditions.length !== 1) {
    check.error(
      conditionsPath,
      `must have exactly one condition, got ${conditions.length}`,
    );
  } else if (conditions) {
    const at = join(conditionsPath, 0);
    const entry = check.object(conditions[0], at);
    if (entry && entry.conditionRef !== undefined) {
      check.knownKeys(entry, at, ['conditionRef']);
      const ref = readName(check, entry.conditionRef, join(at, 'conditionRef'));
      if (ref) spec.conditions.push({ conditionRef: ref });
    } else if (entry) {
      check.knownKeys(entry, at, ['kind', 'metadata', 'spec', 'apiVersion']);
      if (entry.kind !== 'AlertCondition') {
        check.error(
          at,
          'must be a conditionRef or an inline condition with kind: AlertCondition',
        );
      } else {
        const metadata = readMetadata(
          check,
          entry.metadata,
          join(at, 'metadata'),
        );
        const conditionSpec = readAlertConditionSpec(
          check,
          entry.spec,
          join(at, 'spec'),
        );
        if (metadata && conditionSpec) {
          spec.conditions.push({ inline: { metadata, spec: conditionSpec } });
        }
      }
    }
  }
  const targetsPath = join(path, 'notificationTargets');
  const targets = check.list(fields, 'notificationTargets', path, true) ?? [];
  if (targets.length > MAX_LIST) {
    check.error(targetsPath, `must have at most ${MAX_LIST} entries`);
  } else {
    targets.forEach((item, i) => {
      const at = join(targetsPath, i);
      const entry = check.object(item, at);
      if (!entry) return;
      if (entry.targetRef !== undefined) {
        check.knownKeys(entry, at, ['targetRef']);
        const ref = readName(check, entry.targetRef, join(at, 'targetRef'));
        if (ref) spec.notificationTargets.push({ targetRef: ref });
        return;
      }
      check.knownKeys(entry, at, ['kind', 'metadata', 'spec', 'apiVersion']);
      if (entry.kind !== 'AlertNotificationTarget') {
        check.error(
          at,
          'must be a targetRef or an inline target with kind: AlertNotificationTarget',
        );
        return;
      }
      const metadata = readMetadata(
        check,
        entry.metadata,
        join(at, 'metadata'),
      );
      const targetSpec = readNotificationTargetSpec(
        check,
        entry.spec,
        join(at, 'spec'),
      );
      if (metadata && targetSpec) {
        spec.notificationTargets.push({
          inline: { metadata, spec: targetSpec },
        });
      }
    });
  }
  return check.errorCount > errorsBefore ? undefined : spec;
}

function readDataSourceSpec(
  check: DocumentChecker,
  value: unknown,
  path: string,
): OpenSloDataSourceSpec | undefined {
  const fields = check.object(value, path);
  if (!fields) return undefined;
  check.knownKeys(fields, path, ['description', 'type', 'connectionDetails']);
  const description = check.string(fields, 'description', path, {
    required: false,
  });
  const type = check.string(fields, 'type', path, {
    required: true,
    maxLength: 253,
  });
  // Any YAML value, as the OpenSLO Go SDK and oslo accept: its shape is the
  // data source type's business (a URL string, a list of hosts, a mapping).
  const { connectionDetails } = fields;
  if (connectionDetails === undefined || connectionDetails === null) {
    check.error(join(path, 'connectionDetails'), 'is required');
    return undefined;
  }
  if (!type) return undefined;
  return {
    ...(description !== undefined ? { description } : {}),
    type,
    connectionDetails,
  };
}

function readServiceSpec(
  check: DocumentChecker,
  value: unknown,
  path: string,
): OpenSloServiceSpec | undefined {
  // A Service may omit spec entirely.
  if (value === undefined || value === null) return {};
  const fields = check.object(value, path);
  if (!fields) return undefined;
  check.knownKeys(fields, path, ['description']);
  const description = check.string(fields, 'description', path, {
    required: false,
  });
  return description !== undefined ? { description } : {};
}

const SPEC_READERS: Record<
  OpenSloKind,
  (check: DocumentChecker, value: unknown, path: string) => unknown
> = {
  SLO: readSloSpec,
  SLI: readSliSpec,
  Service: readServiceSpec,
  DataSource: readDataSourceSpec,
  AlertPolicy: readAlertPolicySpec,
  AlertCondition: readAlertConditionSpec,
  AlertNotificationTarget: readNotificationTargetSpec,
};

/**
 * Validates one parsed YAML document as OpenSLO v1. Returns the typed
 * document, or undefined when it has any error (problems are recorded in
 * the checker).
 */
export function readOpenSloDocument(
  check: DocumentChecker,
  value: unknown,
  documentIndex: number,
): OpenSloDocument | undefined {
  const root = check.object(value, '');
  if (!root) return undefined;
  // Name the kind and object early so every later message can say which.
  if (isKind(root.kind)) check.kind = root.kind;
  const metadataFields = root.metadata;
  if (
    metadataFields &&
    typeof metadataFields === 'object' &&
    typeof (metadataFields as Fields).name === 'string'
  ) {
    check.name = (metadataFields as Fields).name as string;
  }

  check.knownKeys(root, '', ['apiVersion', 'kind', 'metadata', 'spec']);
  if (root.apiVersion !== 'openslo/v1') {
    check.error(
      'apiVersion',
      `must be openslo/v1 (the only version supported), got ${describeValue(
        root.apiVersion,
      )}`,
    );
  }
  if (!isKind(root.kind)) {
    check.error(
      'kind',
      `must be one of ${KINDS.join(', ')}, got ${describeValue(root.kind)}`,
    );
    return undefined;
  }
  const metadata = readMetadata(check, root.metadata, 'metadata');
  if (root.spec === undefined && root.kind !== 'Service') {
    check.error('spec', 'is required');
    return undefined;
  }
  const spec = SPEC_READERS[root.kind](check, root.spec, 'spec');
  if (check.errorCount > 0 || !metadata || spec === undefined) return undefined;
  return {
    apiVersion: 'openslo/v1',
    kind: root.kind,
    metadata,
    spec,
    documentIndex,
  } as OpenSloDocument;
}
