import * as readinessCommon from './index';

describe('the public surface', () => {
  it('exports the functions the readiness backend and frontend use', () => {
    for (const name of [
      'parseCondition',
      'conditionFacts',
      'evaluateCondition',
      'evaluateCheck',
      'levelOf',
      'compareLevels',
      'meetsLevel',
      'requiredLevelFor',
      'parseCheckDefinitions',
      'parseCheckYaml',
      'mergeCheckDefinitions',
      'attestationFactId',
      'attestationFactDefinition',
      'formatFactValue',
    ]) {
      expect(typeof (readinessCommon as Record<string, unknown>)[name]).toBe(
        'function',
      );
    }
    expect(readinessCommon.readinessPermissions.map(p => p.name)).toEqual([
      'readiness.attestation.create',
      'readiness.entity.refresh',
      'readiness.refresh.all',
    ]);
    expect(readinessCommon.DEFAULT_REQUIRED_LEVELS.critical).toBe('gold');
  });
});
