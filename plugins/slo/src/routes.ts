import { createRouteRef } from '@backstage/core-plugin-api';

/** The SLO tier dashboard page (legacy frontend system). */
export const rootRouteRef = createRouteRef({ id: 'slo' });
