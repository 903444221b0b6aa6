import { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_ADR_LOCATION,
  ANNOTATION_DEPLOYMENT_STRATEGY,
  ANNOTATION_ON_CALL,
  ANNOTATION_RUNBOOK,
  ANNOTATION_SLO,
  ANNOTATION_TIER,
} from './annotations';
import {
  DEFAULT_TIER_TABLE,
  DEPLOYMENT_STRATEGIES,
  isDeploymentStrategy,
  isTierName,
  TIER_NAMES,
  TierTable,
} from './tiers';

/**
 * How bad a finding is: errors make the entity invalid, warnings do not.
 * @public
 */
export type FindingSeverity = 'error' | 'warning';

/**
 * One problem with an entity's Golden Path metadata.
 * @public
 */
export type Finding = {
  /** The entity field, e.g. `metadata.annotations["golden-path.io/tier"]`. */
  field: string;
  severity: FindingSeverity;
  message: string;
};

/**
 * What the validator checks beyond the annotation values themselves.
 * @public
 */
export type ValidationOptions = {
  /** The tier table (default: DEFAULT_TIER_TABLE). */
  tiers?: TierTable;
  /**
   * Lifecycles whose Components must have a tier, on-call and runbook; a
   * missing one is a warning (default: ['production']).
   */
  warnMissingMetadataFor?: string[];
  /** Lifecycles for which missing metadata is an error instead. */
  errorMissingMetadataFor?: string[];
};

/**
 * The error name of the status items the catalog module puts on entities for
 * Golden Path findings (errors as `backstage.io/catalog-processing` items,
 * warnings as VALIDATION_STATUS_TYPE items), so UIs can pick them out.
 * @public
 */
export const VALIDATION_ERROR_NAME = 'GoldenPathValidationError';
/**
 * Status item type of Golden Path warnings.
 * @public
 */
export const VALIDATION_STATUS_TYPE = 'golden-path.io/validation';

/**
 * The kinds that carry Golden Path metadata.
 * @public
 */
export const VALIDATED_KINDS = ['Component', 'System', 'API'];

/**
 * Longer annotation values are refused: they are not metadata.
 * @public
 */
export const MAX_ANNOTATION_LENGTH = 2048;

/** On-call values that are not URLs must look like a rota name. */
const ROTA_NAME = /^[\p{L}\p{N}][\p{L}\p{N} _.:@#/()-]{0,199}$/u;

/**
 * Where a value is found, in the form Backstage's own errors use.
 * @public
 */
export function annotationField(annotation: string) {
  return `metadata.annotations["${annotation}"]`;
}

/**
 * True for an absolute http: or https: URL with a host.
 * @public
 */
export function isHttpUrl(value: string) {
  try {
    const url = new URL(value);
    return (
      (url.protocol === 'http:' || url.protocol === 'https:') && !!url.host
    );
  } catch {
    return false;
  }
}

const HAS_SCHEME = /^[a-zA-Z][a-zA-Z0-9+.-]*:/;

/** A URL or a path relative to the catalog file; never absolute. */
function checkLocation(value: string): string | undefined {
  if (HAS_SCHEME.test(value) && !/^[a-zA-Z]:[\\/]/.test(value)) {
    return isHttpUrl(value)
      ? undefined
      : `'${value}' is not an http(s) URL or a relative path`;
  }
  if (
    value.startsWith('/') ||
    value.startsWith('\\') ||
    /^[a-zA-Z]:/.test(value)
  ) {
    return `'${value}' is an absolute path; use a URL or a path relative to the catalog file`;
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f]/.test(value)) {
    return 'the path contains control characters';
  }
  return undefined;
}

function quote(value: string) {
  return value.length > 80 ? `'${value.slice(0, 77)}...'` : `'${value}'`;
}

/**
 * Checks an entity's Golden Path metadata and returns what is wrong with it,
 * errors first; an empty list means the entity is fine. Never throws.
 * @public
 */
export function validateGoldenPathEntity(
  entity: Entity,
  options: ValidationOptions = {},
): Finding[] {
  if (!VALIDATED_KINDS.includes(entity.kind)) return [];
  const tiers = options.tiers ?? DEFAULT_TIER_TABLE;
  const annotations = entity.metadata.annotations ?? {};
  const findings: Finding[] = [];
  const error = (annotation: string, message: string) =>
    findings.push({
      field: annotationField(annotation),
      severity: 'error',
      message,
    });
  const warning = (annotation: string, message: string) =>
    findings.push({
      field: annotationField(annotation),
      severity: 'warning',
      message,
    });

  const value = (annotation: string): string | undefined => {
    const raw = annotations[annotation];
    if (raw === undefined) return undefined;
    if (typeof raw !== 'string') {
      error(annotation, `must be a string, not ${typeof raw}`);
      return undefined;
    }
    if (raw.length > MAX_ANNOTATION_LENGTH) {
      error(
        annotation,
        `is ${raw.length} characters long; at most ${MAX_ANNOTATION_LENGTH} are allowed`,
      );
      return undefined;
    }
    if (raw.trim() === '') {
      error(annotation, 'is empty');
      return undefined;
    }
    return raw.trim();
  };

  const tier = value(ANNOTATION_TIER);
  if (tier !== undefined && !isTierName(tier)) {
    error(
      ANNOTATION_TIER,
      `unknown tier ${quote(tier)}; expected one of ${TIER_NAMES.join(', ')}`,
    );
  }

  const onCall = value(ANNOTATION_ON_CALL);
  if (onCall !== undefined) {
    if (HAS_SCHEME.test(onCall)) {
      if (!isHttpUrl(onCall)) {
        error(ANNOTATION_ON_CALL, `${quote(onCall)} is not an http(s) URL`);
      }
    } else if (!ROTA_NAME.test(onCall)) {
      error(
        ANNOTATION_ON_CALL,
        `${quote(
          onCall,
        )} is neither an http(s) URL nor a rota name (letters, digits, spaces and _.:@#/()-, at most 200 characters)`,
      );
    }
  }

  const runbook = value(ANNOTATION_RUNBOOK);
  if (runbook !== undefined && !isHttpUrl(runbook)) {
    error(ANNOTATION_RUNBOOK, `${quote(runbook)} is not an http(s) URL`);
  }

  for (const annotation of [ANNOTATION_ADR_LOCATION, ANNOTATION_SLO]) {
    const location = value(annotation);
    const problem =
      location === undefined ? undefined : checkLocation(location);
    if (problem) error(annotation, problem);
  }

  const strategy = value(ANNOTATION_DEPLOYMENT_STRATEGY);
  if (strategy !== undefined) {
    if (!isDeploymentStrategy(strategy)) {
      error(
        ANNOTATION_DEPLOYMENT_STRATEGY,
        `unknown deployment strategy ${quote(
          strategy,
        )}; expected one of ${DEPLOYMENT_STRATEGIES.join(', ')}`,
      );
    } else if (
      isTierName(tier) &&
      tiers[tier].deploymentStrategy !== strategy
    ) {
      warning(
        ANNOTATION_DEPLOYMENT_STRATEGY,
        `the ${tier} tier expects ${tiers[tier].deploymentStrategy}, not ${strategy}`,
      );
    }
  }

  if (entity.kind === 'Component') {
    const lifecycle = String((entity.spec as any)?.lifecycle ?? '');
    let severity: FindingSeverity | undefined;
    if ((options.errorMissingMetadataFor ?? []).includes(lifecycle)) {
      severity = 'error';
    } else if (
      (options.warnMissingMetadataFor ?? ['production']).includes(lifecycle)
    ) {
      severity = 'warning';
    }
    if (severity) {
      for (const [annotation, what] of [
        [ANNOTATION_TIER, 'tier'],
        [ANNOTATION_ON_CALL, 'on-call rota'],
        [ANNOTATION_RUNBOOK, 'runbook'],
      ]) {
        if (annotations[annotation] === undefined) {
          findings.push({
            field: annotationField(annotation),
            severity,
            message: `a ${lifecycle} component needs a ${what} (${annotation})`,
          });
        }
      }
    }
  }

  const rank = (finding: Finding) => (finding.severity === 'error' ? 0 : 1);
  return findings.sort((a, b) => rank(a) - rank(b));
}
