import { useMemo } from 'react';
import { Route, Routes, useResolvedPath } from 'react-router-dom';
import { AdrHrefProvider, orgReaderHref } from '../AdrReader/readerLinks';
import { AdrReaderPage } from '../AdrReader/AdrReaderPage';
import { AdrListPage } from './AdrListPage';

/**
 * The org-wide ADR page: the list at its mount path and the reader below it
 * (`<mount>/:kind/:namespace/:name/<path of the ADR>`).
 * @public
 */
export const AdrIndexPage = () => {
  // Where the page is mounted (`/adrs` in the demo app), so links to the
  // reader work whatever path the app gives the page.
  const basePath = useResolvedPath('.').pathname;
  const href = useMemo(() => orgReaderHref(basePath), [basePath]);
  return (
    <AdrHrefProvider value={href}>
      <Routes>
        <Route path="/" element={<AdrListPage />} />
        <Route
          path=":kind/:namespace/:name/*"
          element={<AdrReaderPage listPath={basePath} />}
        />
      </Routes>
    </AdrHrefProvider>
  );
};
