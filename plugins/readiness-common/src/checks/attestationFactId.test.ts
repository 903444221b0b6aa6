import {
  attestationFactDefinition,
  attestationFactId,
} from './attestationFactId';

describe('attestationFactId', () => {
  it('names the fact of an attestable check', () => {
    expect(attestationFactId('failover-drill')).toBe(
      'attestation.failover-drill',
    );
    expect(attestationFactDefinition('failover-drill')).toEqual({
      id: 'attestation.failover-drill',
      type: 'boolean',
      description:
        'True while an unexpired attestation of the check failover-drill exists',
      collector: 'attestation',
    });
  });
});
