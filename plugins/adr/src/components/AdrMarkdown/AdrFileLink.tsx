import { ReactNode, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import MuiLink from '@mui/material/Link';
import { adrApiRef } from '../../api/AdrApi';

/**
 * A link to a file stored beside the ADR (a PDF, a spreadsheet, a README).
 * The file needs the user's token, so it is fetched through the client and
 * handed to the browser as a download; it is typed octet-stream so an HTML
 * file never renders in the app's origin.
 */
export const AdrFileLink = (props: {
  entityRef: string;
  path: string;
  children: ReactNode;
}) => {
  const { entityRef, path, children } = props;
  const adrApi = useApi(adrApiRef);
  const [failed, setFailed] = useState(false);

  const download = async () => {
    try {
      const blob = await adrApi.getFile(entityRef, path);
      const url = URL.createObjectURL(
        new Blob([blob], { type: 'application/octet-stream' }),
      );
      const anchor = document.createElement('a');
      anchor.href = url;
      anchor.download = path.split('/').pop() ?? 'file';
      anchor.click();
      // The download has started once click() returns.
      URL.revokeObjectURL(url);
      setFailed(false);
    } catch {
      setFailed(true);
    }
  };

  return (
    <MuiLink
      component="button"
      type="button"
      onClick={download}
      title={failed ? `Could not download ${path}` : `Download ${path}`}
      sx={{ verticalAlign: 'baseline' }}
    >
      {children}
    </MuiLink>
  );
};
