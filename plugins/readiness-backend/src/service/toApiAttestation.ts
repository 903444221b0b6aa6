import { Attestation } from '@golden-path/plugin-readiness-common';
import { StoredAttestation } from '../database/ReadinessStore';

/** A stored attestation as the API answers it, expired or not at `now`. */
export function toApiAttestation(
  attestation: StoredAttestation,
  now: Date,
): Attestation {
  return {
    ...attestation,
    expired: attestation.expiresAt <= now.toISOString(),
  };
}
