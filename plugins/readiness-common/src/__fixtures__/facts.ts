import type { FactDefinition } from '../model';

/** A small fact catalogue of every type, as collectors would declare it. */
export const FACT_DEFINITIONS: FactDefinition[] = [
  {
    id: 'catalog.hasRunbook',
    type: 'boolean',
    description: 'The runbook annotation is set',
    collector: 'catalog',
  },
  {
    id: 'catalog.lifecycle',
    type: 'string',
    description: 'spec.lifecycle',
    collector: 'catalog',
  },
  {
    id: 'catalog.onCall',
    type: 'string',
    description: 'The on-call annotation',
    collector: 'catalog',
  },
  {
    id: 'adr.count',
    type: 'number',
    description: 'How many ADRs the service has',
    collector: 'adr',
  },
  {
    id: 'slo.objectiveCount',
    type: 'number',
    description: 'How many SLO objectives',
    collector: 'slo',
  },
  {
    id: 'repository.languages',
    type: 'string[]',
    description: 'Languages found in the repository',
    collector: 'repository',
  },
  {
    id: 'repository.hasDockerfile',
    type: 'boolean',
    description: 'A Dockerfile at the root',
    collector: 'repository',
  },
];

export const FACTS: ReadonlyMap<string, FactDefinition> = new Map(
  FACT_DEFINITIONS.map(fact => [fact.id, fact]),
);
