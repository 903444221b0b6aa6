import { UrlReaderService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { readSloConfig } from '../readSloConfig';
import { SloDefinitionReader } from './SloDefinitionReader';

describe('SloDefinitionReader owner and system', () => {
  const config = new ConfigReader({});
  const reader = new SloDefinitionReader({
    // No golden-path.io/slo annotation below: nothing is read from a URL.
    reader: {} as UrlReaderService,
    integrations: ScmIntegrations.fromConfig(config),
    config: readSloConfig(config, '/srv'),
  });

  const component = (spec: Record<string, unknown>): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'Orders',
      namespace: 'shop',
      annotations: { 'golden-path.io/tier': 'standard' },
    },
    spec: { type: 'service', lifecycle: 'production', ...spec },
  });

  it('trims spaces around spec.owner and spec.system, as the ADR and readiness backends do', async () => {
    // Before issue 18 item 4 this copy of the normaliser did not trim and
    // stored 'group:shop/ team-a ', which matched no group.
    const { entity } = await reader.read(
      component({ owner: ' Team-A ', system: '\tPayments\n' }),
    );
    expect(entity).toMatchObject({
      entityRef: 'component:shop/orders',
      owner: 'group:shop/team-a',
      system: 'system:shop/payments',
      tier: 'standard',
    });
  });

  it('keeps explicit kinds and namespaces, lower-cased', async () => {
    const { entity } = await reader.read(
      component({ owner: ' user:Default/Grace ', system: 'default/Core' }),
    );
    expect(entity.owner).toBe('user:default/grace');
    expect(entity.system).toBe('system:default/core');
  });

  it('answers null for a blank or malformed owner and system', async () => {
    const { entity } = await reader.read(
      component({ owner: '   ', system: 'system:' }),
    );
    expect(entity.owner).toBeNull();
    expect(entity.system).toBeNull();
  });
});
