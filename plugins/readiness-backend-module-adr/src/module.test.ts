import { startTestBackend } from '@backstage/backend-test-utils';
import {
  FactCollector,
  readinessFactCollectorsExtensionPoint,
} from '@golden-path/plugin-readiness-node';
import readinessModuleAdr from '.';

describe('readinessModuleAdr', () => {
  it('adds the adr fact collector through the extension point', async () => {
    const added: FactCollector[] = [];
    const backend = await startTestBackend({
      extensionPoints: [
        [
          readinessFactCollectorsExtensionPoint,
          { addFactCollector: (...collectors) => added.push(...collectors) },
        ],
      ],
      features: [readinessModuleAdr],
    });
    await backend.stop();
    expect(added.map(collector => collector.id)).toEqual(['adr']);
    const [collector] = added;
    expect(collector.facts.map(fact => fact.id)).toEqual(['adr.count']);
    expect(collector.facts.every(fact => fact.collector === 'adr')).toBe(true);
    expect(collector.schedule?.frequency).toEqual({ minutes: 30 });
  });
});
