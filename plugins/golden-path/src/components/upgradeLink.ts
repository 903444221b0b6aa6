/** The upgrade-service template's form in the scaffolder. */
export const UPGRADE_TEMPLATE_PATH =
  '/create/templates/default/upgrade-service';

/**
 * The upgrade-service form with the service and version filled in: the
 * scaffolder reads its initial form data from the `formData` query
 * parameter (JSON).
 */
export function upgradeLink(entityRef: string, version: string): string {
  const formData = encodeURIComponent(JSON.stringify({ entityRef, version }));
  return `${UPGRADE_TEMPLATE_PATH}?formData=${formData}`;
}
