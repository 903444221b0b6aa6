import { createRouteRef } from '@backstage/core-plugin-api';

/** The readiness scorecards page (legacy frontend system). */
export const rootRouteRef = createRouteRef({ id: 'readiness' });
