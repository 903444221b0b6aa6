import { createContext, useContext } from 'react';
import { parseEntityRef } from '@backstage/catalog-model';

/**
 * Where a link to an ADR goes. The org page sends readers to its reader
 * sub-route; the entity tab keeps them inside the tab (`?adr=`), so the
 * same reader works in both places.
 */
export type AdrHrefBuilder = (
  entityRef: string,
  path: string,
  hash?: string,
) => string;

/** `/adrs/component/default/payments/docs/0001-x.md`, each segment encoded. */
export function orgReaderHref(basePath: string): AdrHrefBuilder {
  return (entityRef, path, hash = '') => {
    const { kind, namespace, name } = parseEntityRef(entityRef);
    const segments = [kind, namespace, name]
      .concat(path.split('/'))
      .map(segment => encodeURIComponent(segment));
    return `${basePath.replace(/\/$/, '')}/${segments.join('/')}${hash}`;
  };
}

const AdrHrefContext = createContext<AdrHrefBuilder>(orgReaderHref(''));

/** Provides the link builder to readers and lists below. */
export const AdrHrefProvider = AdrHrefContext.Provider;

/** The link builder of the surrounding page or tab. */
export function useAdrHref(): AdrHrefBuilder {
  return useContext(AdrHrefContext);
}
