import {
  ATTESTATION_COLLECTOR,
  FactDefinition,
} from '@golden-path/plugin-readiness-common';
import { FactCollector } from '@golden-path/plugin-readiness-node';

const COLLECTOR_ID = /^[a-z][a-z0-9-]{0,62}$/;
const FACT_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,99}$/;
const FACT_TYPES = ['boolean', 'number', 'string', 'string[]'];

/**
 * Checks the collectors the plugin runs (its own and those added through
 * the extension point): ids unique and well-formed, every fact
 * `<collector id>.<name>` with a known type, declared once.
 * @throws Error naming the collector and the field of every problem
 */
export function validateFactCollectors(collectors: readonly FactCollector[]) {
  const problems: string[] = [];
  const ids = new Set<string>();
  const factIds = new Map<string, string>();
  collectors.forEach((collector, index) => {
    const id = (collector as { id?: unknown })?.id;
    const name = typeof id === 'string' ? `'${id}'` : `#${index + 1}`;
    const fail = (message: string) =>
      problems.push(`fact collector ${name}: ${message}`);
    if (typeof id !== 'string' || !COLLECTOR_ID.test(id)) {
      fail(
        'id must be lower-case letters, digits and dashes, starting with a letter',
      );
      return;
    }
    if (id === ATTESTATION_COLLECTOR) {
      fail(`the id '${ATTESTATION_COLLECTOR}' is reserved for attestations`);
      return;
    }
    if (ids.has(id)) {
      fail('another collector has the same id');
      return;
    }
    ids.add(id);
    if (typeof collector.collect !== 'function') {
      fail('collect must be a function');
    }
    if (!Array.isArray(collector.facts) || collector.facts.length === 0) {
      fail('facts must list the facts it collects');
      return;
    }
    collector.facts.forEach((fact: FactDefinition, i) => {
      const at = `facts[${i}]`;
      const factId = fact?.id;
      if (
        typeof factId !== 'string' ||
        !factId.startsWith(`${id}.`) ||
        !FACT_NAME.test(factId.slice(id.length + 1))
      ) {
        fail(
          `${at}.id must be '${id}.' followed by a name (letters, digits, _ and -), got ${JSON.stringify(
            factId,
          )}`,
        );
        return;
      }
      const owner = factIds.get(factId);
      if (owner !== undefined) {
        fail(`${at}.id ${factId} is declared twice`);
        return;
      }
      factIds.set(factId, id);
      if (!FACT_TYPES.includes(fact.type)) {
        fail(
          `${at}.type must be one of ${FACT_TYPES.join(
            ', ',
          )}, got ${JSON.stringify(fact.type)}`,
        );
      }
      if (fact.collector !== id) {
        fail(
          `${at}.collector must be '${id}', got ${JSON.stringify(
            fact.collector,
          )}`,
        );
      }
      if (
        typeof fact.description !== 'string' ||
        fact.description.trim() === ''
      ) {
        fail(`${at}.description must say what the fact means`);
      }
    });
  });
  if (problems.length > 0) {
    throw new Error(
      `Invalid readiness fact collectors: ${problems.join('; ')}`,
    );
  }
}
