import { AdrSourceStatus } from '@golden-path/plugin-adr-common';
import { StoredSource } from '../database/AdrStore';

/** A stored source as the REST API shows it: no ETag, owner or system. */
export function publicSource(source: StoredSource): AdrSourceStatus {
  const { etag: _etag, owner: _owner, system: _system, ...status } = source;
  return status;
}
