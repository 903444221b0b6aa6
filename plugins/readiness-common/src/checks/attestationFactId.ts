import type { FactDefinition } from '../model';

/**
 * The collector of attestation facts.
 * @public
 */
export const ATTESTATION_COLLECTOR = 'attestation';

/**
 * The fact an attestable check reads: `attestation.<checkId>`, true while
 * an unexpired attestation of that check exists for the service.
 * @public
 */
export function attestationFactId(checkId: string): string {
  return `${ATTESTATION_COLLECTOR}.${checkId}`;
}

/**
 * The definition of {@link attestationFactId}'s fact, for the fact list
 * of the checks in force.
 * @public
 */
export function attestationFactDefinition(checkId: string): FactDefinition {
  return {
    id: attestationFactId(checkId),
    type: 'boolean',
    description: `True while an unexpired attestation of the check ${checkId} exists`,
    collector: ATTESTATION_COLLECTOR,
  };
}
