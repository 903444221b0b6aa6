import { LoggerService } from '@backstage/backend-plugin-api';
import {
  Entity,
  makeValidator,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
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
import { readConfigInteger } from '@golden-path/plugin-golden-path-node';
import { EntityRefLookup } from './EntityRefLookup';
import {
  DEFAULT_MAX_METADATA_BYTES,
  limitMetadataSize,
  MAX_METADATA_BYTES_KEY,
} from './limitMetadataSize';

/**
 * Status item type of Backstage's own processing errors (shown by its UI).
 * @public
 */
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

const OWNER_KINDS = ['group', 'user'];
const validator = makeValidator();

/** Keeps messages readable when a value is absurdly long. */
function clip(value: string) {
  return value.length > 200 ? `${value.slice(0, 200)}...` : value;
}

/**
 * Validates Golden Path metadata on Component, System and API entities.
 *
 * Findings never drop the entity: errors become status items of Backstage's
 * processing-error type (its entity page shows them, the entity stays in the
 * catalog) and warnings become `golden-path.io/validation` items. A valid tier
 * without a deployment strategy gets the tier's strategy.
 *
 * Every entity, of any kind, is held to `maxMetadataBytes` for its
 * annotations, labels and description together: over it, the biggest of
 * them are left out of the stored entity and the error says which.
 * @public
 */
export class GoldenPathEntityProcessor implements CatalogProcessor {
  private readonly tiers: TierTable;
  private readonly validation: ValidationOptions;
  private readonly logger?: LoggerService;
  private readonly refs?: EntityRefLookup;
  private readonly maxMetadataBytes: number;

  /** Reads `goldenPath.tiers` and `goldenPath.catalog`; throws naming a bad key. */
  static fromConfig(
    config: Config,
    options: { logger?: LoggerService; refs?: EntityRefLookup } = {},
  ) {
    const checkOwner =
      config.getOptionalBoolean('goldenPath.catalog.checkOwnerExists') ?? true;
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
      refs: checkOwner ? options.refs : undefined,
      maxMetadataBytes: readConfigInteger(config, MAX_METADATA_BYTES_KEY, {
        fallback: DEFAULT_MAX_METADATA_BYTES,
        min: 1024,
        max: 64 * 1024 * 1024,
      }),
    });
  }

  /**
   * Without `refs`, owners are not checked; `maxMetadataBytes` defaults to
   * 64 KB.
   */
  constructor(options: {
    tiers: TierTable;
    validation?: ValidationOptions;
    logger?: LoggerService;
    refs?: EntityRefLookup;
    maxMetadataBytes?: number;
  }) {
    this.tiers = options.tiers;
    this.validation = { ...options.validation, tiers: options.tiers };
    this.logger = options.logger;
    this.refs = options.refs;
    this.maxMetadataBytes =
      options.maxMetadataBytes ?? DEFAULT_MAX_METADATA_BYTES;
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

  /**
   * An entity over the size limit loses its biggest annotations, labels or
   * description, and the finding says which. Left out rather than refused,
   * so the entity and the rest of its metadata stay in the catalog (see the
   * README). Done after Backstage's own steps, on the entity as it will be
   * stored: status items may only be added after its policy check.
   */
  private limitMetadataSize(entity: Entity): {
    entity: Entity;
    finding?: Finding;
  } {
    const entityRef = stringifyEntityRef(entity);
    let limited: ReturnType<typeof limitMetadataSize>;
    try {
      limited = limitMetadataSize(entity, this.maxMetadataBytes);
    } catch (error) {
      throw new InputError(`${entityRef}: ${(error as Error).message}`);
    }
    const { violation } = limited;
    if (!violation) return { entity };
    // Logged with the other errors of the entity, by field, never the value.
    return {
      entity: limited.entity,
      finding: {
        field: 'metadata',
        severity: 'error',
        message: violation.message,
      },
    };
  }

  async postProcessEntity(processed: Entity): Promise<Entity> {
    // First, so that nothing below reads or reports the oversized values.
    const { entity, finding: sizeFinding } = this.limitMetadataSize(processed);
    const findings = validateGoldenPathEntity(entity, this.validation);
    if (sizeFinding) findings.unshift(sizeFinding);
    const ownerFinding = await this.checkOwner(entity);
    if (ownerFinding) findings.push(ownerFinding);
    if (findings.length === 0) return entity;

    const entityRef = stringifyEntityRef(entity);
    const errors = findings.filter(f => f.severity === 'error');
    if (errors.length > 0) {
      this.logger?.warn(`Invalid Golden Path metadata on ${entityRef}`, {
        entity: entityRef,
        findings: errors.map(f => `${f.field}: ${f.message}`).join('; '),
      });
    }
    return withStatusItems(
      entity,
      findings.map(f => toStatusItem(entityRef, f)),
    );
  }

  /**
   * `spec.owner` must name a Group or User the catalog knows. Entities the
   * catalog has been given but not processed yet count as known; an owner
   * that arrives later (another provider) clears the error on the entity's
   * next processing.
   */
  private async checkOwner(entity: Entity): Promise<Finding | undefined> {
    const owner = entity.spec?.owner;
    if (!this.refs || !VALIDATED_KINDS.includes(entity.kind)) return undefined;
    // A missing or non-string owner is reported by Backstage's own validation.
    if (typeof owner !== 'string' || owner.trim() === '') return undefined;
    const field = 'spec.owner';
    let ref: string;
    try {
      const parsed = parseEntityRef(owner, {
        defaultKind: 'Group',
        defaultNamespace: entity.metadata.namespace ?? 'default',
      });
      if (!validator.isValidNamespace(parsed.namespace)) {
        throw new Error(`'${clip(parsed.namespace)}' is not a valid namespace`);
      }
      if (!validator.isValidEntityName(parsed.name)) {
        throw new Error(`'${clip(parsed.name)}' is not a valid entity name`);
      }
      ref = stringifyEntityRef(parsed);
    } catch (error) {
      return {
        field,
        severity: 'error',
        message: `'${clip(owner)}' is not an entity reference: ${
          (error as Error).message
        }`,
      };
    }
    if (!OWNER_KINDS.includes(ref.slice(0, ref.indexOf(':')))) {
      return {
        field,
        severity: 'error',
        message: `refers to ${clip(ref)}; an owner is a Group or a User`,
      };
    }
    if (await this.refs.exists(ref)) return undefined;
    return {
      field,
      severity: 'error',
      message: `refers to ${clip(
        ref,
      )}, which is not in the catalog: add that Group or User, or fix the owner`,
    };
  }
}

/** The entity with `items` after the status items it already has. */
function withStatusItems(entity: Entity, items: StatusItem[]): Entity {
  const status = (entity as Entity & { status?: { items?: StatusItem[] } })
    .status;
  return {
    ...entity,
    status: { ...status, items: [...(status?.items ?? []), ...items] },
  } as Entity;
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
