import { startTestBackend } from '@backstage/backend-test-utils';
import {
  FactCollector,
  readinessFactCollectorsExtensionPoint,
} from '@golden-path/plugin-readiness-node';
import readinessModuleSlo from '.';

describe('readinessModuleSlo', () => {
  it('adds the slo fact collector through the extension point', async () => {
    const added: FactCollector[] = [];
    const backend = await startTestBackend({
      extensionPoints: [
        [
          readinessFactCollectorsExtensionPoint,
          { addFactCollector: (...collectors) => added.push(...collectors) },
        ],
      ],
      features: [readinessModuleSlo],
    });
    await backend.stop();
    expect(added.map(collector => collector.id)).toEqual(['slo']);
    const [collector] = added;
    expect(collector.facts.map(fact => fact.id)).toEqual([
      'slo.defined',
      'slo.meetsObjectives',
      'slo.pageAlertsFiring',
      'slo.status',
    ]);
    expect(collector.facts.every(fact => fact.collector === 'slo')).toBe(true);
    expect(collector.schedule?.frequency).toEqual({ minutes: 5 });
  });
});
