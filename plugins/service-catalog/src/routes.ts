import { createRouteRef } from '@backstage/core-plugin-api';

/** The Services page (legacy frontend system). */
export const servicesRouteRef = createRouteRef({
  id: 'service-catalog:services',
});
