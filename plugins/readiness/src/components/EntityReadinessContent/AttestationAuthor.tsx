import { parseEntityRef } from '@backstage/catalog-model';
import { useApiHolder } from '@backstage/core-plugin-api';
import { catalogApiRef, EntityRefLink } from '@backstage/plugin-catalog-react';
import useAsync from 'react-use/esm/useAsync';

/** "jane" of `user:default/jane`; the text itself when it is no ref. */
function nameOf(ref: string): string {
  try {
    return parseEntityRef(ref, { defaultKind: 'user' }).name;
  } catch {
    return ref;
  }
}

/**
 * Who attested: a link to their user entity, named by its display name,
 * when the catalog has one; else their name as plain text (a guest or a
 * user that left has no page to link to).
 */
export const AttestationAuthor = (props: { entityRef: string }) => {
  const { entityRef } = props;
  const catalogApi = useApiHolder().get(catalogApiRef);
  const { value: user } = useAsync(async () => {
    if (!catalogApi) return undefined;
    try {
      return await catalogApi.getEntityByRef(entityRef);
    } catch {
      return undefined;
    }
  }, [catalogApi, entityRef]);
  const name = nameOf(entityRef);
  if (!user) {
    return (
      <span title={entityRef} data-testid="attestation-author">
        {name}
      </span>
    );
  }
  const profile = (user.spec as { profile?: { displayName?: string } })
    ?.profile;
  return (
    <EntityRefLink
      entityRef={entityRef}
      defaultKind="user"
      title={profile?.displayName || user.metadata.title || name}
      data-testid="attestation-author"
    />
  );
};
