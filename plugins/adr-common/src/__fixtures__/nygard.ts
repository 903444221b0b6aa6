/** Nygard template: numbered title, Date line, a Status section with links. */
export const nygard = `# 3. Use PostgreSQL

Date: 2018-04-02

## Status

Accepted

Supersedes [2. Use MySQL](0002-use-mysql.md)

Superseded by [5. Use CockroachDB](0005-use-cockroachdb.md)

## Context

We need a relational database.

## Decision

We will use PostgreSQL 10.

## Consequences

Operations need PostgreSQL skills.
`;
