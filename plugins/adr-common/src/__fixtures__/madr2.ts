/** MADR 2.1.2: bullet metadata under the title, Links section. */
export const madr2 = `# Use Markdown Architectural Decision Records

* Status: accepted
* Deciders: Oliver Kopp, Stefan Kapferer
* Date: 2017-12-14

Technical Story: [Decide on a format](https://github.com/adr/madr/issues/1)

## Context and Problem Statement

We want to record architectural decisions made in this project.
Which format and structure should these records follow?

## Considered Options

* MADR 2.1.2
* Michael Nygard's template

## Decision Outcome

Chosen option: "MADR 2.1.2", because it is lean.

### Positive Consequences

* Decisions are recorded.

## Links

* Supersedes [ADR-0001](0001-record-decisions.md)
`;
