import {
  Entity,
  GroupEntity,
  RELATION_CHILD_OF,
  RELATION_HAS_MEMBER,
  RELATION_PARENT_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InfoCard, Link } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  catalogApiRef,
  getEntityRelations,
  useEntity,
  useEntityRefLink,
} from '@backstage/plugin-catalog-react';
import Box from '@mui/material/Box';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { ReactNode } from 'react';
import useAsync from 'react-use/esm/useAsync';

/** The name people know a group by: its display name, title, or name. */
export function groupTitle(entity: Entity): string {
  const profile = (entity as GroupEntity).spec?.profile;
  return profile?.displayName ?? entity.metadata.title ?? entity.metadata.name;
}

function plural(count: number, word: string) {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function Field(props: { label: string; children: ReactNode }) {
  return (
    <Box component="div" sx={{ mb: 1.5 }}>
      <Typography
        variant="caption"
        component="dt"
        color="text.secondary"
        sx={{ fontWeight: 600, textTransform: 'uppercase' }}
      >
        {props.label}
      </Typography>
      <Typography variant="body2" component="dd" sx={{ m: 0 }}>
        {props.children}
      </Typography>
    </Box>
  );
}

/**
 * The Group's profile on its overview: title, description, e-mail, parent
 * and child groups by title (links, the ref in a tooltip) and the number of
 * members. Backstage's own card shows the raw ref as "Entity Ref".
 */
export const GroupProfileCard = () => {
  const { entity } = useEntity();
  const catalogApi = useApi(catalogApiRef);
  const entityLink = useEntityRefLink();
  const parentRefs = getEntityRelations(entity, RELATION_CHILD_OF).map(ref =>
    stringifyEntityRef(ref),
  );
  const childRefs = getEntityRelations(entity, RELATION_PARENT_OF).map(ref =>
    stringifyEntityRef(ref),
  );
  const members = getEntityRelations(entity, RELATION_HAS_MEMBER).length;
  const refs = [...parentRefs, ...childRefs];
  const { value: titles, error } = useAsync(async () => {
    if (refs.length === 0) return new Map<string, string>();
    const { items } = await catalogApi.getEntitiesByRefs({
      entityRefs: refs,
      fields: [
        'kind',
        'metadata.name',
        'metadata.namespace',
        'metadata.title',
        'spec.profile',
      ],
    });
    const found = new Map<string, string>();
    items.forEach((item, i) => {
      if (item) found.set(refs[i], groupTitle(item));
    });
    return found;
  }, [catalogApi, refs.join(',')]);

  const groupLink = (ref: string) => (
    <Tooltip key={ref} title={ref}>
      <span>
        <Link to={entityLink(ref)}>
          {titles?.get(ref) ?? ref.replace(/^group:(default\/)?/, '')}
        </Link>
      </span>
    </Tooltip>
  );
  const links = (list: string[]) =>
    list.map((ref, i) => (
      <span key={ref}>
        {i > 0 && ', '}
        {groupLink(ref)}
      </span>
    ));

  const email = (entity as GroupEntity).spec?.profile?.email;
  return (
    <InfoCard
      title={groupTitle(entity)}
      subheader={entity.metadata.description}
    >
      <Box component="dl" sx={{ m: 0 }} data-testid="group-profile">
        {email && (
          <Field label="E-mail">
            <Link to={`mailto:${email}`}>{email}</Link>
          </Field>
        )}
        {parentRefs.length > 0 && (
          <Field label="Parent group">{links(parentRefs)}</Field>
        )}
        {childRefs.length > 0 && (
          <Field label="Child groups">{links(childRefs)}</Field>
        )}
        <Field label="Members">
          {members === 0 ? 'No members' : plural(members, 'member')}
        </Field>
        {error && (
          <Typography variant="body2" color="text.secondary">
            Group names could not be read from the catalog: {error.message}
          </Typography>
        )}
      </Box>
    </InfoCard>
  );
};
