import {
  isAndCriteria,
  isNotCriteria,
  isOrCriteria,
} from '@backstage/plugin-permission-node';
import { Knex } from 'knex';
import { AdrPermissionFilter } from '../AdrStore';

/**
 * Narrows a query to the rows a conditional decision allows; no filter
 * (ALLOW) leaves it as it is.
 */
export function applyPermission(
  qb: Knex.QueryBuilder,
  permission: AdrPermissionFilter | undefined,
): void {
  if (!permission) return;
  qb.where(inner => applyCriteria(inner, permission));
}

/** Turns allOf/anyOf/not criteria of column conditions into where-clauses. */
function applyCriteria(
  qb: Knex.QueryBuilder,
  criteria: AdrPermissionFilter,
): void {
  if (isAndCriteria(criteria)) {
    for (const sub of criteria.allOf) qb.andWhere(b => applyCriteria(b, sub));
  } else if (isOrCriteria(criteria)) {
    qb.where(outer => {
      for (const sub of criteria.anyOf) {
        outer.orWhere(b => applyCriteria(b, sub));
      }
    });
  } else if (isNotCriteria(criteria)) {
    qb.whereNot(b => applyCriteria(b, criteria.not));
  } else if (criteria.values.length === 0) {
    // An empty allow-list matches nothing (whereIn with [] would too, but
    // says it less plainly across dialects).
    qb.whereRaw('1 = 0');
  } else {
    // "is not null" keeps NOT(HAS_OWNER) true for ADRs without an owner, as
    // the rule's apply() says, instead of SQL's unknown.
    qb.whereNotNull(criteria.column).whereIn(criteria.column, criteria.values);
  }
}
