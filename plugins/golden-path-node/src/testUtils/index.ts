/**
 * Test helpers shared by the Golden Path backend plugins' tests.
 *
 * @packageDocumentation
 */

export { denyPermissionsNamed, type PermissionsMock } from './permissions';
export {
  expectOneRunPerInterval,
  type OneRunPerIntervalOptions,
} from './expectOneRunPerInterval';
export { catalogReadableBy } from './catalogReadableBy';
export { eventually } from './eventually';
