import { createRouteRef } from '@backstage/core-plugin-api';

/** The org-wide ADR page (legacy frontend system). */
export const rootRouteRef = createRouteRef({ id: 'adr' });
