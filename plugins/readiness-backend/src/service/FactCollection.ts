import { LoggerService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  FactDefinition,
  FactValue,
} from '@golden-path/plugin-readiness-common';
import { entityRefKey } from '@golden-path/plugin-golden-path-node';
import {
  FactCollector,
  FactCollectorResult,
} from '@golden-path/plugin-readiness-node';
import { CollectedEntity, ReadinessStore } from '../database/ReadinessStore';

const MAX_TEXT = 10_000;
const MAX_LIST = 1_000;
const MAX_ERROR = 2_000;

/** What one collector run did. */
export type CollectionStats = {
  collector: string;
  entities: number;
  /** Entities with an error recorded. */
  failed: number;
  durationMs: number;
};

function valueProblem(
  definition: FactDefinition,
  value: FactValue,
): string | undefined {
  if (value === null) return undefined;
  switch (definition.type) {
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'expected a boolean';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value)
        ? undefined
        : 'expected a finite number';
    case 'string':
      if (typeof value !== 'string') return 'expected a string';
      return value.length > MAX_TEXT
        ? `is over ${MAX_TEXT} characters`
        : undefined;
    case 'string[]':
      if (
        !Array.isArray(value) ||
        value.some(item => typeof item !== 'string' || item.length > MAX_TEXT)
      ) {
        return 'expected a list of strings';
      }
      return value.length > MAX_LIST ? `has over ${MAX_LIST} items` : undefined;
    default:
      return 'has an unknown type';
  }
}

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === undefined) return 'nothing';
  return typeof value === 'string' ? `text` : typeof value;
}

/**
 * Runs a collector and stores what it found. Results are checked against
 * the facts it declares (an undeclared fact or a value of the wrong type is
 * left out and named in the entity's error); a collector that throws
 * records its error for every entity and changes no fact.
 */
export class FactCollection {
  constructor(
    private readonly options: { store: ReadinessStore; logger: LoggerService },
  ) {}

  async run(
    collector: FactCollector,
    entities: readonly Entity[],
    options: { signal?: AbortSignal; now?: () => Date } = {},
  ): Promise<CollectionStats> {
    const started = Date.now();
    const { logger, store } = this.options;
    const requested = new Set(entities.map(entityRefKey));
    let results: FactCollectorResult[];
    try {
      results = await collector.collect([...entities], {
        logger: logger.child({ collector: collector.id }),
        signal: options.signal,
      });
      if (!Array.isArray(results)) {
        throw new Error('the collector returned no list of results');
      }
    } catch (error) {
      if (options.signal?.aborted) throw error;
      const message = truncate(`${(error as Error)?.message ?? String(error)}`);
      logger.warn('A readiness fact collector failed', {
        collector: collector.id,
        entities: requested.size,
        error: message,
      });
      await store.writeCollection({
        collector: collector.id,
        entities: [...requested].map(entityRef => ({
          entityRef,
          facts: {},
          error: message,
        })),
        collectedAt: options.now?.() ?? new Date(),
      });
      return {
        collector: collector.id,
        entities: requested.size,
        failed: requested.size,
        durationMs: Date.now() - started,
      };
    }

    const definitions = new Map(collector.facts.map(fact => [fact.id, fact]));
    const collected = new Map<string, CollectedEntity>();
    const strays: string[] = [];
    for (const result of results) {
      const entityRef =
        typeof result?.entityRef === 'string'
          ? result.entityRef.toLowerCase()
          : '';
      if (!requested.has(entityRef)) {
        strays.push(String(result?.entityRef));
        continue;
      }
      const facts: Record<string, FactValue> = {};
      const problems: string[] = [];
      for (const [factId, value] of Object.entries(result.facts ?? {})) {
        const definition = definitions.get(factId);
        if (!definition) {
          problems.push(`${factId} is not a fact the collector declares`);
          continue;
        }
        const problem = valueProblem(definition, value);
        if (problem) {
          problems.push(`${factId} ${problem}, got ${describeValue(value)}`);
          continue;
        }
        facts[factId] = value;
      }
      const errors = [
        ...(typeof result.error === 'string' && result.error
          ? [result.error]
          : []),
        ...(problems.length > 0 ? [`ignored: ${problems.join('; ')}`] : []),
      ];
      collected.set(entityRef, {
        entityRef,
        facts,
        error: errors.length > 0 ? truncate(errors.join('; ')) : null,
      });
    }
    if (strays.length > 0) {
      logger.warn(
        'A readiness fact collector answered for entities it was not asked about',
        {
          collector: collector.id,
          entityRefs: strays.slice(0, 10).join(', '),
        },
      );
    }
    const list = [...collected.values()];
    await store.writeCollection({
      collector: collector.id,
      entities: list,
      collectedAt: options.now?.() ?? new Date(),
    });
    const failed = list.filter(entity => entity.error).length;
    logger.info('Readiness facts collected', {
      collector: collector.id,
      entities: list.length,
      failed,
      durationMs: Date.now() - started,
    });
    return {
      collector: collector.id,
      entities: list.length,
      failed,
      durationMs: Date.now() - started,
    };
  }
}

function truncate(text: string): string {
  return text.length > MAX_ERROR ? `${text.slice(0, MAX_ERROR)}…` : text;
}
