import {
  apiEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
  DefaultNamespaceEntityPolicy,
  domainEntityV1alpha1Validator,
  Entity,
  EntityPolicies,
  FieldFormatEntityPolicy,
  groupEntityV1alpha1Validator,
  locationEntityV1alpha1Validator,
  NoForeignRootFieldsEntityPolicy,
  resourceEntityV1alpha1Validator,
  SchemaValidEntityPolicy,
  stringifyEntityRef,
  systemEntityV1alpha1Validator,
  userEntityV1alpha1Validator,
} from '@backstage/catalog-model';
import {
  TierTable,
  validateGoldenPathEntity,
} from '@golden-path/plugin-golden-path-common';
import { parseAllDocuments } from 'yaml';

/** What checking a catalog file found. */
export type CatalogInfoReport = {
  /** Refs of the entities that passed every check. */
  entityRefs: string[];
  /** `<entity or document> <field>: <message>` for each error. */
  errors: string[];
  /** The same for warnings, which do not fail the check. */
  warnings: string[];
};

/** Placeholders the catalog resolves at ingestion (left unresolved here). */
const PLACEHOLDER_KEYS = ['$text', '$json', '$yaml'];

// The catalog's default entity policies, in the order it applies them.
const entityPolicy = EntityPolicies.allOf([
  new DefaultNamespaceEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new FieldFormatEntityPolicy(),
  new SchemaValidEntityPolicy(),
]);

// The catalog's built-in kinds; a document none of them accepts is refused.
const kindValidators = [
  apiEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
  domainEntityV1alpha1Validator,
  groupEntityV1alpha1Validator,
  locationEntityV1alpha1Validator,
  resourceEntityV1alpha1Validator,
  systemEntityV1alpha1Validator,
  userEntityV1alpha1Validator,
];

/** Replaces `{ $text: ./x }` and the like by a string, as the catalog would. */
function stubPlaceholders(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stubPlaceholders);
  if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    if (
      entries.length === 1 &&
      PLACEHOLDER_KEYS.includes(entries[0][0]) &&
      typeof entries[0][1] === 'string'
    ) {
      return `(${entries[0][0]} ${entries[0][1]}, resolved at ingestion)`;
    }
    return Object.fromEntries(
      entries.map(([key, inner]) => [key, stubPlaceholders(inner)]),
    );
  }
  return value;
}

function firstLine(message: string) {
  return message.split('\n')[0].trim();
}

/**
 * Checks the text of a catalog file as the catalog would on ingestion
 * (YAML, entity envelope, built-in kinds, default policies) and with the
 * Golden Path validator, where a Component missing its tier, on-call or
 * runbook is an error whatever its lifecycle. Never throws.
 */
export async function checkCatalogInfo(
  text: string,
  options: { tiers: TierTable },
): Promise<CatalogInfoReport> {
  const report: CatalogInfoReport = {
    entityRefs: [],
    errors: [],
    warnings: [],
  };
  const documents = parseAllDocuments(text, { merge: false });
  const list = Array.isArray(documents) ? documents : [];
  if (list.length === 0) {
    report.errors.push('the file has no YAML document');
    return report;
  }
  for (const [index, document] of list.entries()) {
    const where = `document ${index + 1}`;
    if (document.errors.length > 0) {
      report.errors.push(
        `${where}: YAML syntax error: ${firstLine(document.errors[0].message)}`,
      );
      continue;
    }
    let data: unknown;
    try {
      data = document.toJS({ maxAliasCount: 100 });
    } catch (err) {
      report.errors.push(`${where}: ${firstLine((err as Error).message)}`);
      continue;
    }
    if (data === null || data === undefined) {
      report.errors.push(`${where} is empty`);
      continue;
    }
    if (typeof data !== 'object' || Array.isArray(data)) {
      report.errors.push(
        `${where} is ${
          Array.isArray(data) ? 'a list' : `a ${typeof data}`
        }, not an entity (a YAML mapping)`,
      );
      continue;
    }

    let entity: Entity;
    try {
      const checked = await entityPolicy.enforce(
        stubPlaceholders(data) as Entity,
      );
      if (!checked) throw new Error('the entity was rejected');
      entity = checked;
    } catch (err) {
      report.errors.push(`${where}: ${firstLine((err as Error).message)}`);
      continue;
    }
    const ref = stringifyEntityRef(entity);

    let knownKind = false;
    try {
      for (const validator of kindValidators) {
        if (await validator.check(entity)) {
          knownKind = true;
          break;
        }
      }
    } catch (err) {
      report.errors.push(`${ref}: ${firstLine((err as Error).message)}`);
      continue;
    }
    if (!knownKind) {
      report.errors.push(
        `${ref} apiVersion: kind '${entity.kind}' with apiVersion '${entity.apiVersion}' is not a kind the catalog knows`,
      );
      continue;
    }

    const lifecycle = String(
      (entity.spec as { lifecycle?: unknown } | undefined)?.lifecycle ?? '',
    );
    const findings = validateGoldenPathEntity(entity, {
      tiers: options.tiers,
      warnMissingMetadataFor: [],
      // A new service must come with tier, on-call and runbook.
      errorMissingMetadataFor: [lifecycle],
    });
    for (const finding of findings) {
      const line = `${ref} ${finding.field}: ${finding.message}`;
      (finding.severity === 'error' ? report.errors : report.warnings).push(
        line,
      );
    }
    if (!findings.some(finding => finding.severity === 'error')) {
      report.entityRefs.push(ref);
    }
  }
  return report;
}
