/** MADR 3 written with the older bullet metadata (consulted and informed). */
export const madr3Bullets = `# Use Kafka for domain events

- Status: Proposed
- Deciders: Ana Ruiz; Ben Ode
- Consulted: Platform team
- Informed: All engineers
- Date: 16 Jan 2023

## Context and Problem Statement

Services poll each other for changes.

## Decision Outcome

Chosen option: Kafka.

### Consequences

* Good, because services decouple.
`;
