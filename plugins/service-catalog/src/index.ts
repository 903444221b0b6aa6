/**
 * Golden Path service catalog: the Ownership & operations card and the tier
 * badge (legacy frontend system; see `/alpha` for the new one).
 *
 * @packageDocumentation
 */
export {
  serviceCatalogPlugin,
  EntityOwnershipCard,
  ServicesPage,
} from './plugin';
export {
  TierBadge,
  describeObjectives,
} from './components/TierBadge/TierBadge';
