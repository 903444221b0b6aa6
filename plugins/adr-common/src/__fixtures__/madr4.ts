/** MADR 4.0: YAML front matter with \`decision-makers\`, a Confirmation section. */
export const madr4 = `---
status: "accepted"
date: 2024-09-17
decision-makers:
  - Priya Nair
  - Tom Berg
consulted:
  - SRE
informed:
  - Everyone in #eng
---

# Store ADRs next to the code

## Context and Problem Statement

ADRs drift when they live in a wiki.

## Decision Outcome

Chosen option: the \`docs/decisions\` folder.

### Consequences

* Good, because reviews include the ADR.

### Confirmation

A CI check fails when a change has no ADR link.
`;
