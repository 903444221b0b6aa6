import { LoggerService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import { CatalogProcessor } from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_DEPLOYMENT_STRATEGY,
  ANNOTATION_TIER,
  deploymentStrategyForTier,
  Finding,
  isTierName,
  readTierTable,
  TierTable,
  validateGoldenPathEntity,
  ValidationOptions,
  VALIDATED_KINDS,
  VALIDATION_ERROR_NAME,
  VALIDATION_STATUS_TYPE,
} from '@golden-path/plugin-golden-path-common';

/** Status item type of Backstage's own processing errors (shown by its UI). */
export const PROCESSING_ERROR_STATUS_TYPE = 'backstage.io/catalog-processing';

type StatusItem = {
  type: string;
  level: 'info' | 'warning' | 'error';
  message: string;
  error?: { name: string; message: string };
};

function readLifecycles(config: Config, key: string) {
  const value = config.getOptionalStringArray(key);
  if (value?.some(v => v.trim() === '')) {
    throw new Error(`Invalid config ${key}: lifecycles must not be empty`);
  }
  return value;
}

/**
 * Validates Golden Path metadata on Component, System and API entities.
 *
 * Findings never drop the entity: errors become status items of Backstage's
 * processing-error type (its entity page shows them, the entity stays in the
 * catalog) and warnings become `golden-path.io/validation` items. A valid tier
 * without a deployment strategy gets the tier's strategy.
 */
export class GoldenPathEntityProcessor implements CatalogProcessor {
  private readonly tiers: TierTable;
  private readonly validation: ValidationOptions;
  private readonly logger?: LoggerService;

  /** Reads `goldenPath.tiers` and `goldenPath.catalog`; throws naming a bad key. */
  static fromConfig(config: Config, options: { logger?: LoggerService } = {}) {
    return new GoldenPathEntityProcessor({
      tiers: readTierTable(config),
      validation: {
        warnMissingMetadataFor: readLifecycles(
          config,
          'goldenPath.catalog.warnMissingMetadataFor',
        ),
        errorMissingMetadataFor: readLifecycles(
          config,
          'goldenPath.catalog.errorMissingMetadataFor',
        ),
      },
      logger: options.logger,
    });
  }

  constructor(options: {
    tiers: TierTable;
    validation?: ValidationOptions;
    logger?: LoggerService;
  }) {
    this.tiers = options.tiers;
    this.validation = { ...options.validation, tiers: options.tiers };
    this.logger = options.logger;
  }

  getProcessorName(): string {
    return 'GoldenPathEntityProcessor';
  }

  async preProcessEntity(entity: Entity): Promise<Entity> {
    const annotations = entity.metadata.annotations ?? {};
    const tier = annotations[ANNOTATION_TIER];
    if (
      !VALIDATED_KINDS.includes(entity.kind) ||
      !isTierName(tier) ||
      annotations[ANNOTATION_DEPLOYMENT_STRATEGY] !== undefined
    ) {
      return entity;
    }
    return {
      ...entity,
      metadata: {
        ...entity.metadata,
        annotations: {
          ...annotations,
          [ANNOTATION_DEPLOYMENT_STRATEGY]: deploymentStrategyForTier(
            tier,
            this.tiers,
          ),
        },
      },
    };
  }

  async postProcessEntity(entity: Entity): Promise<Entity> {
    const findings = validateGoldenPathEntity(entity, this.validation);
    if (findings.length === 0) return entity;

    const entityRef = stringifyEntityRef(entity);
    const errors = findings.filter(f => f.severity === 'error');
    if (errors.length > 0) {
      this.logger?.warn(`Invalid Golden Path metadata on ${entityRef}`, {
        entity: entityRef,
        findings: errors.map(f => `${f.field}: ${f.message}`).join('; '),
      });
    }
    const items = findings.map(f => toStatusItem(entityRef, f));
    const status = (entity as Entity & { status?: { items?: StatusItem[] } })
      .status;
    return {
      ...entity,
      status: { ...status, items: [...(status?.items ?? []), ...items] },
    } as Entity;
  }
}

function toStatusItem(entityRef: string, finding: Finding): StatusItem {
  const message = `${entityRef}: ${finding.field} ${finding.message}`;
  return {
    type:
      finding.severity === 'error'
        ? PROCESSING_ERROR_STATUS_TYPE
        : VALIDATION_STATUS_TYPE,
    level: finding.severity,
    message,
    error: { name: VALIDATION_ERROR_NAME, message },
  };
}
