import { tierNamesInWords } from './tiers';

/**
 * The service tier: one of `TIER_NAMES`.
 * @public
 */
export const ANNOTATION_TIER = 'golden-path.io/tier';
/**
 * Who is on call: an http(s) URL of the rota, or the rota's name.
 * @public
 */
export const ANNOTATION_ON_CALL = 'golden-path.io/on-call';
/**
 * The runbook: an http(s) URL.
 * @public
 */
export const ANNOTATION_RUNBOOK = 'golden-path.io/runbook';
/**
 * Where the entity's ADRs live: a URL or a path relative to its catalog file.
 * @public
 */
export const ANNOTATION_ADR_LOCATION = 'golden-path.io/adr-location';
/**
 * An OpenSLO file: a URL or a path relative to the entity's catalog file.
 * @public
 */
export const ANNOTATION_SLO = 'golden-path.io/slo';
/**
 * The root of the service's repository, for readiness checks that look at
 * its files, when `backstage.io/source-location` does not say: a URL, or a
 * path relative to the entity's catalog file.
 * @public
 */
export const ANNOTATION_REPOSITORY = 'golden-path.io/repository';
/**
 * Set by the catalog (never by a catalog file's author) on entities read
 * from a repository the portal's templates published locally: the
 * repository's folder name, for the Repository tab. The backend finds the
 * repository from the entity's location, not from this annotation.
 * @public
 */
export const ANNOTATION_LOCAL_REPOSITORY = 'golden-path.io/local-repository';
/**
 * On a Component: the template it was created from (`template:default/x`).
 * Written by the template (golden-path:provenance:record's output).
 * @public
 */
export const ANNOTATION_TEMPLATE = 'golden-path.io/template';
/**
 * On a Template: its version (semver). On a Component: the version of its
 * template it was created from or last upgraded to.
 * @public
 */
export const ANNOTATION_TEMPLATE_VERSION = 'golden-path.io/template-version';
/**
 * On a Template: the range of its versions still supported (a semver range,
 * e.g. `>=2.0.0`); services on other versions fail the readiness check.
 * @public
 */
export const ANNOTATION_SUPPORTED_VERSIONS =
  'golden-path.io/supported-versions';
/**
 * How the service is deployed; derived from the tier when absent.
 * @public
 */
export const ANNOTATION_DEPLOYMENT_STRATEGY =
  'golden-path.io/deployment-strategy';

/**
 * One Golden Path annotation and what it means, for docs and UIs.
 * @public
 */
export type GoldenPathAnnotation = {
  name: string;
  title: string;
  description: string;
};

/**
 * Every Golden Path annotation, in the order UIs show them.
 * @public
 */
export const GOLDEN_PATH_ANNOTATIONS: readonly GoldenPathAnnotation[] = [
  {
    name: ANNOTATION_TIER,
    title: 'Tier',
    description: `How critical the service is: ${tierNamesInWords()}. Sets its SLOs, deployment strategy and required readiness level.`,
  },
  {
    name: ANNOTATION_ON_CALL,
    title: 'On call',
    description:
      'Who answers when it breaks: the URL of the on-call rota, or the rota name.',
  },
  {
    name: ANNOTATION_RUNBOOK,
    title: 'Runbook',
    description: 'The http(s) URL of the runbook for incidents.',
  },
  {
    name: ANNOTATION_ADR_LOCATION,
    title: 'ADR location',
    description:
      'The folder of Architecture Decision Records: a URL, or a path relative to the catalog file.',
  },
  {
    name: ANNOTATION_SLO,
    title: 'SLO file',
    description:
      'An OpenSLO file that tightens the tier objectives: a URL, or a path relative to the catalog file.',
  },
  {
    name: ANNOTATION_REPOSITORY,
    title: 'Repository',
    description:
      'The root of the service repository, when backstage.io/source-location does not name it: a URL, or a path relative to the catalog file. Read by the readiness checks.',
  },
  {
    name: ANNOTATION_DEPLOYMENT_STRATEGY,
    title: 'Deployment strategy',
    description:
      'blue-green, canary, rolling or feature-flags; filled from the tier when absent.',
  },
];
