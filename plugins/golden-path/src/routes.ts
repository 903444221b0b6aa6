import { createRouteRef } from '@backstage/core-plugin-api';

/** The golden-path page (legacy frontend system). */
export const rootRouteRef = createRouteRef({ id: 'golden-path' });
