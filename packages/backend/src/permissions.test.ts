import {
  coreServices,
  createBackendPlugin,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
  TestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import {
  catalogEntityRefreshPermission,
  catalogLocationCreatePermission,
  catalogEntityReadPermission,
} from '@backstage/plugin-catalog-common/alpha';
import permissionPlugin from '@backstage/plugin-permission-backend';
import {
  AuthorizeResult,
  Permission,
} from '@backstage/plugin-permission-common';
import {
  actionExecutePermission,
  taskCreatePermission,
  templateManagementPermission,
} from '@backstage/plugin-scaffolder-common/alpha';
import { adrPermissions } from '@golden-path/plugin-adr-common';
import { ownershipEntityRefsFor } from '@golden-path/plugin-auth-backend-module-golden-path';
import { goldenPathPermissions } from '@golden-path/plugin-golden-path-common';
import permissionModuleGoldenPath from '@golden-path/plugin-permission-backend-module-golden-path';
import { readinessPermissions } from '@golden-path/plugin-readiness-common';
import { sloPermissions } from '@golden-path/plugin-slo-common';
import express from 'express';
import path from 'node:path';
import request from 'supertest';
import { stringify } from 'yaml';

/**
 * Who may do what, through the real permission backend, the Golden Path
 * policy module reading the shipped permission-policy.yaml, and the real
 * catalog (its IS_ENTITY_OWNER rule decides the owner-only permissions),
 * on SQLite and PostgreSQL. A probe plugin asks the permissions service the
 * way our plugins do, with the caller's credentials.
 */

const repoRoot = path.resolve(__dirname, '../../..');

const group = (name: string, parent?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace: 'default' },
  spec: { type: 'team', children: [], ...(parent ? { parent } : {}) },
});
const user = (name: string, memberOf: string[], namespace = 'default') => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name, namespace },
  spec: { memberOf },
});
const component = (name: string, owner: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default' },
  spec: { type: 'service', lifecycle: 'production', owner },
});

const entities: Entity[] = [
  group('engineering'),
  group('team-checkout', 'engineering'),
  group('team-payments', 'engineering'),
  group('team-platform', 'engineering'),
  user('alice', ['team-checkout']),
  user('bob', ['team-payments']),
  user('pat', ['team-platform']),
  user('erin', ['engineering']),
  user('guest', [], 'development'),
  component('checkout-api', 'team-checkout'),
  component('payments-api', 'team-payments'),
];

/** The callers of the table. */
const callers = {
  owner: 'user:default/alice',
  otherTeam: 'user:default/bob',
  platform: 'user:default/pat',
  parentGroup: 'user:default/erin',
  guest: 'user:development/guest',
  service: 'service',
} as const;
type Caller = keyof typeof callers;
const callerNames = Object.keys(callers) as Caller[];

const ALL: Caller[] = callerNames;
const PLATFORM: Caller[] = ['platform', 'service'];
const OWNERS: Caller[] = ['owner', 'parentGroup', 'service'];
const SERVICE: Caller[] = ['service'];

const named = (permissions: Permission[], name: string): Permission => {
  const found = permissions.find(p => p.name === name);
  if (!found) throw new Error(`no permission named ${name}`);
  return found;
};
const ours = [
  ...readinessPermissions,
  ...sloPermissions,
  ...adrPermissions,
  ...goldenPathPermissions,
];
const CHECKOUT = 'component:default/checkout-api';

/** [permission, resource (the checkout service) or none, who is allowed]. */
const table: [Permission, string | undefined, Caller[]][] = [
  [catalogEntityReadPermission, CHECKOUT, ALL],
  [catalogEntityRefreshPermission, CHECKOUT, [...OWNERS, 'platform']],
  [catalogLocationCreatePermission, undefined, PLATFORM],
  [taskCreatePermission, undefined, ALL],
  [actionExecutePermission, undefined, ALL],
  [templateManagementPermission, undefined, PLATFORM],
  [named(ours, 'readiness.attestation.create'), CHECKOUT, OWNERS],
  [named(ours, 'readiness.entity.refresh'), CHECKOUT, OWNERS],
  [named(ours, 'readiness.refresh.all'), undefined, PLATFORM],
  [named(ours, 'slo.read'), undefined, ALL],
  [named(ours, 'slo.sli.create'), undefined, SERVICE],
  [named(ours, 'slo.refresh.all'), undefined, PLATFORM],
  [named(ours, 'adr.record.create'), CHECKOUT, OWNERS],
  [named(ours, 'adr.entity.refresh'), CHECKOUT, OWNERS],
  [named(ours, 'adr.refresh.all'), undefined, PLATFORM],
  [named(ours, 'goldenpath.upgrade.create'), CHECKOUT, OWNERS],
  [named(ours, 'goldenpath.drift.refresh.all'), undefined, PLATFORM],
];

/** Asks the permissions service with the caller's own credentials. */
const probePlugin = createBackendPlugin({
  pluginId: 'probe',
  register(env) {
    env.registerInit({
      deps: {
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
      },
      async init({ httpRouter, httpAuth, permissions }) {
        const router = express.Router();
        router.use(express.json());
        router.post('/authorize', async (req, res) => {
          const credentials = await httpAuth.credentials(req, {
            allow: ['user', 'service'],
          });
          const { permission, resourceRef } = req.body;
          // A resource permission asked without a resource (as the
          // scaffolder asks for its actions) gets a conditional answer.
          const [decision] =
            permission.type === 'resource' && !resourceRef
              ? await permissions.authorizeConditional([{ permission }], {
                  credentials,
                })
              : await permissions.authorize(
                  [{ permission, ...(resourceRef ? { resourceRef } : {}) }],
                  { credentials },
                );
          res.json(decision);
        });
        httpRouter.use(router);
      },
    });
  },
});

/** The user's ownership claims as the auth module issues them at sign-in. */
const userInfoFactory = createServiceFactory({
  service: coreServices.userInfo,
  deps: {},
  factory: () => ({
    async getUserInfo(credentials) {
      const ref = (credentials.principal as { userEntityRef: string })
        .userEntityRef;
      const entity = entities.find(
        e =>
          `${e.kind}:${e.metadata.namespace}/${e.metadata.name}`.toLowerCase() ===
          ref,
      );
      return {
        userEntityRef: ref,
        ownershipEntityRefs: entity
          ? ownershipEntityRefsFor(entity, entities)
          : [ref],
      };
    },
  }),
});

/**
 * The test backend's HTTP auth, except that a token a plugin sends on behalf
 * of a user keeps an actor, as real on-behalf-of tokens do (the mock drops
 * it, and the catalog refuses to apply conditions for a user without one).
 */
const httpAuthFactory = createServiceFactory({
  service: coreServices.httpAuth,
  deps: { plugin: coreServices.pluginMetadata },
  factory({ plugin }) {
    const inner = mockServices.httpAuth({ pluginId: plugin.getId() });
    return {
      async credentials(req, options) {
        const credentials = await inner.credentials(req, options as any);
        const token = /^Bearer\s+(\S+)$/i.exec(
          req.headers.authorization ?? '',
        )?.[1];
        const principal = credentials.principal as {
          type: string;
          actor?: unknown;
        };
        if (
          token?.startsWith('mock-service-token:') &&
          principal.type === 'user' &&
          !principal.actor
        ) {
          return {
            ...credentials,
            principal: {
              ...principal,
              actor: { type: 'service', subject: 'plugin:permission' },
            },
          } as any;
        }
        return credentials as any;
      },
      issueUserCookie: (res, options) => inner.issueUserCookie(res, options),
    };
  },
});

const databases = TestDatabases.create();

describe.each(databases.eachSupportedId())('permissions on %s', databaseId => {
  const dir = createMockDirectory();
  let backend: TestBackend;

  const decide = async (
    caller: Caller,
    permission: Permission,
    resourceRef?: string,
  ) => {
    const authorization =
      caller === 'service'
        ? mockCredentials.service.header()
        : mockCredentials.user.header(callers[caller]);
    const res = await request(backend.server)
      .post('/api/probe/authorize')
      .set('authorization', authorization)
      .send({ permission, resourceRef });
    expect(res.status).toBe(200);
    return res.body.result as AuthorizeResult;
  };

  beforeAll(async () => {
    const knex = await databases.init(databaseId);
    dir.setContent({
      'org.yaml': entities.map(e => stringify(e)).join('---\n'),
    });
    backend = await startTestBackend({
      features: [
        catalogPlugin,
        permissionPlugin,
        permissionModuleGoldenPath,
        probePlugin,
        userInfoFactory,
        httpAuthFactory,
        mockServices.database.factory({ knex }),
        mockServices.rootConfig.factory({
          data: {
            permission: { enabled: true },
            catalog: {
              rules: [{ allow: ['Component', 'Group', 'User'] }],
              locations: [{ type: 'file', target: dir.resolve('org.yaml') }],
              processingInterval: { seconds: 1 },
            },
            goldenPath: {
              permissions: {
                policyFiles: [path.join(repoRoot, 'permission-policy.yaml')],
                reload: false,
              },
            },
          },
        }),
      ],
    });
    // The owner-only decisions need the entities and their relations.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const res = await request(backend.server)
        .get(`/api/catalog/entities/by-name/component/default/checkout-api`)
        .set('authorization', mockCredentials.service.header());
      const owned = (res.body?.relations ?? []).some(
        (r: { type: string }) => r.type === 'ownedBy',
      );
      if (res.status === 200 && owned) break;
      if (Date.now() > deadline) throw new Error('catalog never ingested');
      await new Promise(resolve => setTimeout(resolve, 250));
    }
  }, 90_000);

  afterAll(() => backend?.stop());

  it.each(table.map(([p, r, allowed]) => [p.name, p, r, allowed] as const))(
    '%s',
    async (_name, permission, resourceRef, allowed) => {
      const decisions: Record<string, AuthorizeResult> = {};
      for (const caller of callerNames) {
        decisions[caller] = await decide(caller, permission, resourceRef);
      }
      expect(decisions).toEqual(
        Object.fromEntries(
          callerNames.map(caller => [
            caller,
            allowed.includes(caller)
              ? AuthorizeResult.ALLOW
              : AuthorizeResult.DENY,
          ]),
        ),
      );
    },
  );

  it("owner-only permissions follow the entity's owner: the other team owns payments-api", async () => {
    const attest = named(ours, 'readiness.attestation.create');
    const payments = 'component:default/payments-api';
    expect(await decide('otherTeam', attest, payments)).toBe(
      AuthorizeResult.ALLOW,
    );
    expect(await decide('owner', attest, payments)).toBe(AuthorizeResult.DENY);
    expect(await decide('parentGroup', attest, payments)).toBe(
      AuthorizeResult.ALLOW,
    );
    // An entity the catalog does not have is nobody's.
    expect(
      await decide('owner', attest, 'component:default/does-not-exist'),
    ).toBe(AuthorizeResult.DENY);
  });
});
