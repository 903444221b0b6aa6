/** MADR 3.0: YAML front matter with \`deciders\`. */
export const madr3FrontMatter = `---
status: superseded by [ADR-0009](0009-use-grpc.md)
date: 2022/03/01
deciders: [Chen Li, Dana Voss]
consulted: Security guild
informed: []
---
# ADR-0007: Use REST between services

## Context and Problem Statement

We need one protocol between services.

## Decision Outcome

Chosen option: REST.

### Consequences

* Good, because every team knows it.
`;
