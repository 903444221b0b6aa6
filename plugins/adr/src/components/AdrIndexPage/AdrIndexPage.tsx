import { useMemo } from 'react';
import { Route, Routes, useResolvedPath } from 'react-router-dom';
import { AdrHrefProvider, orgReaderHref } from '../AdrReader/readerLinks';
import { AdrReaderPage } from '../AdrReader/AdrReaderPage';
import { AdrListPage } from './AdrListPage';

/**
 * The org-wide ADR page: the list at its mount path and the reader below it
 * (`<mount>/:kind/:namespace/:name/<path of the ADR>`). `header` (default
 * true, the legacy frontend system) draws the page's own Backstage header;
 * the new frontend system's page blueprint draws the app's header instead.
 * @public
 */
export const AdrIndexPage = (props: { header?: boolean }) => {
  const { header = true } = props;
  // Where the page is mounted (`/adrs` in the demo app), so links to the
  // reader work whatever path the app gives the page.
  const basePath = useResolvedPath('.').pathname;
  const href = useMemo(() => orgReaderHref(basePath), [basePath]);
  return (
    <AdrHrefProvider value={href}>
      <Routes>
        <Route path="/" element={<AdrListPage header={header} />} />
        <Route
          path=":kind/:namespace/:name/*"
          element={<AdrReaderPage listPath={basePath} header={header} />}
        />
      </Routes>
    </AdrHrefProvider>
  );
};
