/**
 * The Golden Path backend: serves the repositories the portal's templates
 * created, as a read-only file view and a clone URL, under /api/golden-path.
 *
 * @packageDocumentation
 */

export { goldenPathPlugin as default } from './plugin';
export { CLONE_URL_VALIDITY_KEY } from './plugin';
