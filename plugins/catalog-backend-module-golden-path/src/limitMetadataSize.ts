import { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';

/** Default of `goldenPath.catalog.maxMetadataBytes`: 64 KB per entity. */
export const DEFAULT_MAX_METADATA_BYTES = 65536;

/** The config key of the limit, named in every message about it. */
export const MAX_METADATA_BYTES_KEY = 'goldenPath.catalog.maxMetadataBytes';

/**
 * Annotations Backstage itself sets and needs to refresh and orphan the
 * entity: never left out, whatever their size.
 */
const KEPT_ANNOTATIONS = [
  'backstage.io/managed-by-location',
  'backstage.io/managed-by-origin-location',
];

const utf8Bytes = (text: string) => Buffer.byteLength(text, 'utf8');

/**
 * The size that the limit applies to: the UTF-8 bytes of the JSON of
 * `{ annotations, labels, description }` taken from the entity's metadata,
 * each only when present, in that order.
 */
export function measureMetadataBytes(metadata: Entity['metadata']): number {
  const { annotations, labels, description } = metadata;
  return utf8Bytes(JSON.stringify({ annotations, labels, description }));
}

/** One value that can be left out: an annotation, a label or the description. */
type MetadataValue = {
  field: string;
  bytes: number;
  remove: (metadata: Entity['metadata']) => void;
};

function removableValues(metadata: Entity['metadata']): MetadataValue[] {
  const values: MetadataValue[] = [];
  for (const part of ['annotations', 'labels'] as const) {
    for (const [key, value] of Object.entries(metadata[part] ?? {})) {
      if (part === 'annotations' && KEPT_ANNOTATIONS.includes(key)) continue;
      values.push({
        field: `metadata.${part}[${clipKey(JSON.stringify(key))}]`,
        bytes: utf8Bytes(JSON.stringify({ [key]: value })) - 2,
        remove: m => {
          delete m[part]![key];
        },
      });
    }
  }
  if (metadata.description !== undefined) {
    values.push({
      field: 'metadata.description',
      bytes: utf8Bytes(JSON.stringify(metadata.description)),
      remove: m => {
        delete m.description;
      },
    });
  }
  // The biggest first; ties in a stable order, so the result is the same on
  // every processing run.
  return values.sort(
    (a, b) => b.bytes - a.bytes || a.field.localeCompare(b.field),
  );
}

/** A key is named in the message, but a key can be huge too. */
function clipKey(quoted: string) {
  return quoted.length > 120 ? `${quoted.slice(0, 120)}..."` : quoted;
}

/** What {@link limitMetadataSize} did to an entity over the limit. */
export type MetadataSizeViolation = {
  /** The size before, in bytes ({@link measureMetadataBytes}). */
  bytes: number;
  limit: number;
  /** The values left out, the biggest first, with their sizes. */
  removed: Array<{ field: string; bytes: number }>;
  /** One sentence naming the size, the limit and what was left out. */
  message: string;
};

/**
 * Keeps an entity's annotations, labels and description within `limit`
 * bytes together ({@link measureMetadataBytes}): under it, the entity is
 * returned as it is; over it, its biggest values are left out, the biggest
 * first, until the rest fits, and the violation says which. The catalog then
 * stores and serves the entity without them, so one entity cannot bloat every
 * catalog page that lists it.
 *
 * Throws an InputError (Backstage then keeps the entity out of the catalog,
 * or keeps its previous version) only when the entity is over the limit even
 * without any value it may lose: Backstage's own location annotations.
 */
export function limitMetadataSize(
  entity: Entity,
  limit: number,
): { entity: Entity; violation?: MetadataSizeViolation } {
  const bytes = measureMetadataBytes(entity.metadata);
  if (bytes <= limit) return { entity };

  const metadata: Entity['metadata'] = {
    ...entity.metadata,
    ...(entity.metadata.annotations
      ? { annotations: { ...entity.metadata.annotations } }
      : {}),
    ...(entity.metadata.labels
      ? { labels: { ...entity.metadata.labels } }
      : {}),
  };
  const removed: Array<{ field: string; bytes: number }> = [];
  for (const value of removableValues(entity.metadata)) {
    if (measureMetadataBytes(metadata) <= limit) break;
    value.remove(metadata);
    removed.push({ field: value.field, bytes: value.bytes });
  }
  const sizes = `annotations, labels and description are ${bytes} bytes together (as JSON), over the limit of ${limit} bytes (${MAX_METADATA_BYTES_KEY})`;
  if (measureMetadataBytes(metadata) > limit) {
    throw new InputError(
      `metadata ${sizes}, even without every value that may be left out`,
    );
  }
  const [biggest, ...others] = removed;
  const also =
    others.length > 0
      ? `; also left out: ${others
          .map(r => `${r.field} (${r.bytes} bytes)`)
          .join(', ')}`
      : '';
  return {
    entity: { ...entity, metadata },
    violation: {
      bytes,
      limit,
      removed,
      message: `${sizes}; the biggest, ${biggest.field} (${biggest.bytes} bytes), is left out of the catalog${also}. Shorten it, or keep such data outside the entity and link to it`,
    },
  };
}
