import type {
  DriftResponse,
  ServiceDrift,
  TemplateDrift,
} from '@golden-path/plugin-golden-path-common';

export type {
  DriftResponse,
  DriftStatus,
  ServiceDrift,
  TemplateDrift,
  TemplateVersionDrift,
} from '@golden-path/plugin-golden-path-common';

/**
 * How many services stand where (of those the drift view shows).
 * @public
 */
export type DriftCounts = DriftResponse['counts'];

/**
 * One service with its template
 * (`GET /api/golden-path/drift/entities/:kind/:namespace/:name`).
 * @public
 */
export type EntityDrift = {
  service: ServiceDrift;
  template?: TemplateDrift;
};
