import { UrlReaderService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { ScmIntegrationRegistry } from '@backstage/integration';
import {
  ANNOTATION_SLO,
  ANNOTATION_TIER,
  isTierName,
  TierName,
  TIER_NAMES,
} from '@golden-path/plugin-golden-path-common';
import {
  entityRefKey,
  EntityLocationError,
  LocalRoots,
  LocalRootsError,
  normalizeEntityRef,
  resolveEntityLocation,
} from '@golden-path/plugin-golden-path-node';
import {
  compareToTier,
  durationMilliseconds,
  makeSloRef,
  OpenSloInlineSli,
  OpenSloMetric,
  parseOpenSlo,
  ResolvedOpenSlo,
  resolveOpenSlo,
  tierComparableObjectives,
  tierSlos,
} from '@golden-path/plugin-slo-common';
import fs from 'node:fs/promises';
import { SloDefinition, SloEntity } from '../database/SloDefinition';
import { SloConfig } from '../readSloConfig';

/**
 * The prefix of OpenSLO SLO names in their sloRef, so an OpenSLO SLO named
 * like a tier SLO (`orders-availability`) gets a ref of its own.
 */
export const OPENSLO_REF_PREFIX = 'openslo.';

/** What one component contributes: its row and its SLOs. */
export type EntitySlos = { entity: SloEntity; definitions: SloDefinition[] };

/** An OpenSLO file could not be read; the message is shown on the entity. */
class OpenSloFileError extends Error {}

function queryOf(metric: OpenSloMetric | undefined): string | null {
  const spec = metric?.metricSource.spec ?? {};
  const query = spec.query ?? spec.promql;
  return typeof query === 'string' && query.trim() !== '' ? query : null;
}

/**
 * Where an OpenSLO indicator's data come from. A metric source of type
 * Prometheus (inline or through its DataSource) names a data source of
 * `goldenPath.slo.prometheus` by its metricSourceRef (or DataSource name);
 * anything else is fed through the ingestion API. URLs in the file's
 * DataSource are never used.
 */
function dataSourceOf(
  resolved: ResolvedOpenSlo,
  indicator: OpenSloInlineSli,
):
  | { ok: true; value: SloDefinition['dataSource'] }
  | { ok: false; error: string } {
  const { ratioMetric, thresholdMetric } = indicator.spec;
  const metrics = [
    ratioMetric?.good,
    ratioMetric?.bad,
    ratioMetric?.total,
    ratioMetric?.raw,
    thresholdMetric,
  ].filter((m): m is OpenSloMetric => m !== undefined);
  const prometheusNames = new Set<string>();
  let prometheus = false;
  for (const metric of metrics) {
    const source = metric.metricSource;
    const dataSource = source.metricSourceRef
      ? resolved.dataSources.find(
          d => d.metadata.name === source.metricSourceRef,
        )
      : undefined;
    const type = source.type ?? dataSource?.spec.type ?? '';
    if (type.toLowerCase() === 'prometheus') {
      prometheus = true;
      const name = source.metricSourceRef ?? dataSource?.metadata.name;
      if (name) prometheusNames.add(name);
    }
  }
  if (!prometheus) return { ok: true, value: { type: 'builtin' } };
  const sli = indicator.metadata.name;
  if (prometheusNames.size !== 1) {
    return {
      ok: false,
      error:
        prometheusNames.size === 0
          ? `SLI "${sli}" reads Prometheus but names no data source: set metricSourceRef to a data source configured at goldenPath.slo.prometheus`
          : `SLI "${sli}" mixes Prometheus data sources (${[
              ...prometheusNames,
            ].join(', ')}); use one`,
    };
  }
  const totalQuery = queryOf(ratioMetric?.total);
  const goodQuery = queryOf(ratioMetric?.good);
  const badQuery = queryOf(ratioMetric?.bad);
  if (!ratioMetric || !totalQuery || (!goodQuery && !badQuery)) {
    return {
      ok: false,
      error: `SLI "${sli}": a Prometheus SLI must be a ratioMetric with a total query and a good or bad query (spec.query)`,
    };
  }
  return {
    ok: true,
    value: {
      type: 'prometheus',
      name: [...prometheusNames][0],
      goodQuery,
      badQuery,
      totalQuery,
    },
  };
}

/**
 * Turns a component into its SLOs: the three its tier implies, plus those of
 * the OpenSLO file its `golden-path.io/slo` annotation names, each marked
 * with the ways it is looser than the tier. Problems (an unknown tier, an
 * unreadable or invalid file) are collected on the entity, never thrown.
 */
export class SloDefinitionReader {
  private readonly localRoots: LocalRoots;

  constructor(
    private readonly options: {
      reader: UrlReaderService;
      integrations: ScmIntegrationRegistry;
      config: Pick<SloConfig, 'localRoots' | 'maxFileBytes' | 'tiers'>;
    },
  ) {
    this.localRoots = new LocalRoots({
      roots: options.config.localRoots,
      what: 'OpenSLO file',
      reader: 'the SLO backend',
      rootsKey: 'goldenPath.slo.localRoots',
    });
  }

  /** Whether a catalog entity is one the SLO backend looks at. */
  static hasSlos(entity: Entity): boolean {
    const annotations = entity.metadata.annotations ?? {};
    return (
      entity.kind.toLowerCase() === 'component' &&
      (annotations[ANNOTATION_TIER] !== undefined ||
        annotations[ANNOTATION_SLO] !== undefined)
    );
  }

  async read(entity: Entity): Promise<EntitySlos> {
    const entityRef = entityRefKey(entity);
    const namespace = entity.metadata.namespace ?? 'default';
    const spec = (entity.spec ?? {}) as Record<string, unknown>;
    const annotations = entity.metadata.annotations ?? {};
    const errors: string[] = [];
    const definitions: SloDefinition[] = [];

    const tierText = annotations[ANNOTATION_TIER]?.trim();
    let tier: TierName | null = null;
    if (tierText !== undefined) {
      if (isTierName(tierText)) {
        tier = tierText;
      } else {
        errors.push(
          `${ANNOTATION_TIER} '${tierText}' is not a tier; use one of ${TIER_NAMES.join(
            ', ',
          )}`,
        );
      }
    }

    if (tier) {
      for (const slo of tierSlos(
        this.options.config.tiers[tier],
        entity.metadata.name,
      )) {
        definitions.push({
          sloRef: makeSloRef(entityRef, slo.name),
          entityRef,
          name: slo.name,
          description: slo.description,
          objective: slo.objective,
          source: 'tier',
          tier,
          target: slo.target,
          thresholdMs: slo.thresholdMs,
          timeWindow: slo.timeWindow,
          budgetingMethod: slo.budgetingMethod,
          timeSliceTarget: null,
          timeSliceWindowMs: null,
          dataSource: { type: 'builtin' },
          tierViolations: [],
        });
      }
    }

    if (annotations[ANNOTATION_SLO] !== undefined) {
      try {
        const { text, location } = await this.readFile(entity);
        definitions.push(
          ...this.openSloDefinitions(text, location, entityRef, tier, errors),
        );
      } catch (error) {
        if (
          error instanceof OpenSloFileError ||
          error instanceof EntityLocationError ||
          error instanceof LocalRootsError
        ) {
          errors.push(error.message);
        } else {
          throw error;
        }
      }
    }

    return {
      entity: {
        entityRef,
        title: entity.metadata.title ?? null,
        owner: normalizeEntityRef(spec.owner, 'group', namespace),
        system: normalizeEntityRef(spec.system, 'system', namespace),
        tier,
        errors,
      },
      definitions,
    };
  }

  private openSloDefinitions(
    text: string,
    location: string,
    entityRef: string,
    tier: TierName | null,
    errors: string[],
  ): SloDefinition[] {
    const parsed = parseOpenSlo(text, location);
    errors.push(...parsed.errors.map(e => e.message));
    const resolution = resolveOpenSlo(parsed.documents, location);
    errors.push(...resolution.errors.map(e => e.message));
    if (
      parsed.errors.length === 0 &&
      !parsed.documents.some(d => d.kind === 'SLO')
    ) {
      errors.push(`${location} holds no SLO document`);
    }
    const definitions: SloDefinition[] = [];
    for (const resolved of resolution.slos) {
      const { slo } = resolved;
      const comparable = tierComparableObjectives(resolved);
      resolved.objectives.forEach(({ objective, indicator }, index) => {
        const baseName = slo.metadata.name;
        const name =
          resolved.objectives.length === 1
            ? baseName
            : `${baseName}.${index + 1}`;
        const source = dataSourceOf(resolved, indicator);
        if (!source.ok) {
          errors.push(`${location}, SLO "${baseName}": ${source.error}`);
          return;
        }
        const sliceMs = objective.timeSliceWindow
          ? durationMilliseconds(objective.timeSliceWindow)
          : null;
        definitions.push({
          sloRef: makeSloRef(entityRef, `${OPENSLO_REF_PREFIX}${name}`),
          entityRef,
          name,
          displayName:
            objective.displayName ?? slo.metadata.displayName ?? undefined,
          description: slo.spec.description,
          objective: comparable[index].objective,
          source: 'openslo',
          tier,
          target: objective.target,
          thresholdMs: comparable[index].thresholdMs ?? null,
          timeWindow: slo.spec.timeWindow,
          budgetingMethod: slo.spec.budgetingMethod,
          timeSliceTarget: objective.timeSliceTarget ?? null,
          timeSliceWindowMs: sliceMs,
          dataSource: source.value,
          tierViolations: tier
            ? compareToTier(
                { ...comparable[index], sloName: name },
                this.options.config.tiers[tier],
              )
            : [],
        });
      });
    }
    return definitions;
  }

  private async readFile(
    entity: Entity,
  ): Promise<{ text: string; location: string }> {
    const { maxFileBytes } = this.options.config;
    const location = resolveEntityLocation(
      entity,
      ANNOTATION_SLO,
      this.options.integrations,
      'OpenSLO files',
    );
    if (location.type === 'file') {
      const file = await this.localRoots.resolveFile(location.path, {
        maxBytes: maxFileBytes,
      });
      return {
        text: await fs.readFile(file.realPath, 'utf8'),
        location: location.path,
      };
    }
    let buffer: Buffer;
    try {
      const response = await this.options.reader.readUrl(location.url);
      buffer = await response.buffer();
    } catch (error) {
      if ((error as Error)?.name === 'NotFoundError') {
        throw new OpenSloFileError(
          `OpenSLO file ${location.url} does not exist`,
        );
      }
      throw new OpenSloFileError(
        `OpenSLO file ${location.url} could not be read: ${
          (error as Error)?.message ?? String(error)
        }`,
      );
    }
    if (buffer.length > maxFileBytes) {
      throw new OpenSloFileError(
        `OpenSLO file ${location.url} is ${buffer.length} bytes, over the limit of ${maxFileBytes} bytes`,
      );
    }
    return { text: buffer.toString('utf8'), location: location.url };
  }
}
