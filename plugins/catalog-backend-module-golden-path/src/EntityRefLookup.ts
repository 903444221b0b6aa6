import { Knex } from 'knex';

/**
 * Answers whether the catalog knows an entity, processed or not yet.
 * @public
 */
export interface EntityRefLookup {
  /** `ref` is a full, lower-case entity ref such as `group:default/team-a`. */
  exists(ref: string): Promise<boolean>;
}

/**
 * Looks entity refs up in the catalog's own `refresh_state` table.
 *
 * That table holds every entity the catalog has been given, including those
 * not processed yet, so the answer does not depend on processing order: a
 * component and its owning group from the same location are both there
 * before either is processed. The public catalog API only sees processed
 * entities, which would report a missing owner for every component processed
 * before its group on first start.
 *
 * The table belongs to `@backstage/plugin-catalog-backend`; the module's test
 * runs against the real catalog schema on SQLite and PostgreSQL, so a schema
 * change upstream fails our CI rather than users' catalogs.
 * @public
 */
export class CatalogTableRefLookup implements EntityRefLookup {
  private readonly known = new Map<string, number>();

  constructor(
    private readonly db: Knex,
    private readonly options: { cacheMillis?: number; now?: () => number } = {},
  ) {}

  async exists(ref: string): Promise<boolean> {
    const now = (this.options.now ?? Date.now)();
    const seenAt = this.known.get(ref);
    if (seenAt !== undefined && now - seenAt < this.cacheMillis()) {
      return true;
    }
    const row = await this.db('refresh_state')
      .where('entity_ref', ref)
      .first('entity_ref');
    if (!row) {
      this.known.delete(ref);
      return false;
    }
    this.known.set(ref, now);
    return true;
  }

  private cacheMillis() {
    return this.options.cacheMillis ?? 60_000;
  }
}
