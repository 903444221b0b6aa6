import { useEffect, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { adrApiRef } from '../../api/AdrApi';

const RASTER_TYPES = [
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/avif',
  'image/bmp',
];

/**
 * Turns a fetched file into a URL an `<img>` can show without giving the file
 * a way to run code in the app's origin: raster images keep their type; SVG
 * becomes a data: URL (browsers refuse to open data: URLs as a page, and
 * scripts in an SVG never run inside `<img>`); anything else is re-typed as
 * octet-stream, so "open image in new tab" downloads it instead of rendering
 * HTML on our origin.
 */
async function toImageUrl(
  blob: Blob,
  path: string,
): Promise<{ url: string; revoke: boolean }> {
  const type = blob.type.split(';')[0].trim().toLowerCase();
  if (type === 'image/svg+xml' || /\.svg$/i.test(path)) {
    const text = await blob.text();
    const base64 = btoa(unescape(encodeURIComponent(text)));
    return { url: `data:image/svg+xml;base64,${base64}`, revoke: false };
  }
  const safeType = RASTER_TYPES.includes(type)
    ? type
    : 'application/octet-stream';
  return {
    url: URL.createObjectURL(new Blob([blob], { type: safeType })),
    revoke: true,
  };
}

/**
 * An image stored beside the ADR: fetched through the ADR backend (the
 * request needs the user's token, so a plain `src` would not do) and shown
 * through a blob: URL that is revoked on unmount.
 */
export const AdrImage = (props: {
  entityRef: string;
  path: string;
  alt?: string;
  title?: string;
}) => {
  const { entityRef, path, alt, title } = props;
  const adrApi = useApi(adrApiRef);
  const [url, setUrl] = useState<string>();
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let cancelled = false;
    let created: { url: string; revoke: boolean } | undefined;
    setUrl(undefined);
    setFailed(false);
    adrApi
      .getFile(entityRef, path)
      .then(blob => toImageUrl(blob, path))
      .then(result => {
        if (cancelled) {
          if (result.revoke) URL.revokeObjectURL(result.url);
          return;
        }
        created = result;
        setUrl(result.url);
      })
      .catch(() => {
        if (!cancelled) setFailed(true);
      });
    return () => {
      cancelled = true;
      if (created?.revoke) URL.revokeObjectURL(created.url);
    };
  }, [adrApi, entityRef, path]);

  if (failed || !url) {
    return (
      <span title={failed ? `Could not load ${path}` : undefined}>
        {alt ?? ''}
      </span>
    );
  }
  return (
    <img src={url} alt={alt ?? ''} title={title} style={{ maxWidth: '100%' }} />
  );
};
