import { Fragment } from 'react';
import { parseEntityRef } from '@backstage/catalog-model';
import { EntityRefLink } from '@backstage/plugin-catalog-react';

/**
 * The entity ref a decision maker (or a consulted or informed party) names (`group:default/team-checkout`,
 * `user:jane.doe`), or undefined for a person's name ("Ana Ruiz").
 */
export function personRef(name: string): string | undefined {
  const trimmed = name.trim();
  // A name with spaces, or without a kind, is a person's name, not a ref.
  if (!/^[A-Za-z][\w-]*:[^\s]+$/.test(trimmed)) return undefined;
  try {
    const ref = parseEntityRef(trimmed);
    return `${ref.kind.toLocaleLowerCase('en-US')}:${ref.namespace}/${
      ref.name
    }`;
  } catch {
    return undefined;
  }
}

/**
 * Decision makers, consulted or informed people of an ADR, comma-separated: entity refs as links
 * showing the entity's title (the ref in a tooltip), names as written.
 */
export const PeopleList = (props: { names: string[] }) => (
  <>
    {props.names.map((name, index) => {
      const ref = personRef(name);
      return (
        <Fragment key={`${name}:${index}`}>
          {index > 0 && ', '}
          {ref ? <EntityRefLink entityRef={ref} hideIcon /> : name}
        </Fragment>
      );
    })}
  </>
);
