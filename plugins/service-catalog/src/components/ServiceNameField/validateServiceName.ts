import { parseEntityRef } from '@backstage/catalog-model';
import { CatalogApi } from '@backstage/plugin-catalog-react';

/** The owner as people know it: its title, else its name (never a ref). */
async function ownerTitle(
  owner: unknown,
  namespace: string,
  catalogApi: Pick<CatalogApi, 'getEntityByRef'>,
): Promise<string | undefined> {
  if (typeof owner !== 'string' || owner.trim() === '') return undefined;
  try {
    const ref = parseEntityRef(owner, {
      defaultKind: 'Group',
      defaultNamespace: namespace,
    });
    const entity = await catalogApi.getEntityByRef(ref).catch(() => undefined);
    return (
      entity?.metadata?.title?.trim() || entity?.metadata?.name || ref.name
    );
  } catch {
    return owner;
  }
}

/** A lower-case DNS label of 3 to 40 characters that starts with a letter. */
export const SERVICE_NAME_PATTERN = /^[a-z][a-z0-9-]*[a-z0-9]$/;

/**
 * What is wrong with the form of `name`, in plain words, or undefined when
 * it is well-formed (whether it is free is {@link serviceNameProblem}'s).
 */
export function serviceNameFormProblem(name: unknown): string | undefined {
  if (typeof name !== 'string' || name === '') {
    return 'Enter a name for the service.';
  }
  if (name.length < 3 || name.length > 40) {
    return `'${name.slice(0, 60)}' has ${
      name.length
    } characters; a service name has 3 to 40.`;
  }
  if (!SERVICE_NAME_PATTERN.test(name)) {
    return `'${name}' is not a valid service name: use lower-case letters, digits and dashes, starting with a letter and not ending with a dash.`;
  }
  return undefined;
}

/**
 * Why `name` cannot be a new service's name, in one sentence, or undefined
 * when it can. Looks up `component:<namespace>/<name>` in the catalog.
 */
export async function serviceNameProblem(
  name: unknown,
  catalogApi: Pick<CatalogApi, 'getEntityByRef'>,
  namespace = 'default',
): Promise<string | undefined> {
  const formProblem = serviceNameFormProblem(name);
  if (formProblem || typeof name !== 'string') return formProblem;
  const existing = await catalogApi.getEntityByRef({
    kind: 'Component',
    namespace,
    name,
  });
  if (existing) {
    const owner = await ownerTitle(existing.spec?.owner, namespace, catalogApi);
    return `A component named '${name}' already exists in the catalog${
      owner ? ` (owned by ${owner})` : ''
    }; choose another name.`;
  }
  return undefined;
}
