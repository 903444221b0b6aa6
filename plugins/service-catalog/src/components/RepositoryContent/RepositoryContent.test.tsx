import { Entity } from '@backstage/catalog-model';
import { discoveryApiRef, fetchApiRef } from '@backstage/core-plugin-api';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { RepositoryContent } from './RepositoryContent';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'orders',
    annotations: { 'golden-path.io/local-repository': 'orders' },
  },
  spec: { type: 'service', lifecycle: 'experimental', owner: 'team-a' },
};

const BASE =
  'http://backend/api/golden-path/entities/Component/default/orders/repository';

const summary = {
  name: 'orders',
  defaultBranch: 'main',
  branches: ['golden-path/upgrade-v2', 'main'],
  head: {
    commit: 'a'.repeat(40),
    message: 'Create orders from the Golden Path service template',
    author: 'Ada Lovelace',
    date: '2026-12-07T10:00:00.000Z',
  },
  cloneUrl: 'http://localhost:7007/api/golden-path/git/abc-def/orders.git',
  cloneUrlExpiresAt: '2027-01-06T10:00:00.000Z',
};

function backend(routes: Record<string, { status?: number; body: unknown }>) {
  const calls: string[] = [];
  const fetch = jest.fn(async (input: RequestInfo | URL) => {
    const url = String(input);
    calls.push(url);
    const route = routes[url];
    if (!route) {
      return new Response(
        JSON.stringify({ error: { message: `no route ${url}` } }),
        { status: 500 },
      );
    }
    return new Response(JSON.stringify(route.body), {
      status: route.status ?? 200,
    });
  });
  return { fetch, calls };
}

async function renderTab(
  routes: Record<string, { status?: number; body: unknown }>,
  path = '/',
) {
  const { fetch, calls } = backend(routes);
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [
          discoveryApiRef,
          { getBaseUrl: async () => 'http://backend/api/golden-path' },
        ],
        [fetchApiRef, { fetch }],
      ]}
    >
      <EntityProvider entity={entity}>
        <RepositoryContent />
      </EntityProvider>
    </TestApiProvider>,
    { routeEntries: [path] },
  );
  return calls;
}

const routes = {
  [BASE]: { body: summary },
  [`${BASE}?branch=main`]: { body: summary },
  [`${BASE}/tree`]: {
    body: {
      path: '',
      entries: [
        { name: 'src', path: 'src', type: 'folder' },
        { name: 'README.md', path: 'README.md', type: 'file' },
      ],
    },
  },
  [`${BASE}/tree?branch=main`]: {
    body: {
      path: '',
      entries: [{ name: 'src', path: 'src', type: 'folder' }],
    },
  },
  [`${BASE}/file?path=README.md`]: {
    body: {
      path: 'README.md',
      size: 20,
      binary: false,
      truncated: false,
      text: '# Orders\n\nThe orders service.\n',
    },
  },
  [`${BASE}/tree?path=src&branch=main`]: {
    body: {
      path: 'src',
      entries: [{ name: 'server.ts', path: 'src/server.ts', type: 'file' }],
    },
  },
  [`${BASE}/file?path=src%2Fserver.ts&branch=main`]: {
    body: {
      path: 'src/server.ts',
      size: 26,
      binary: false,
      truncated: false,
      text: 'export const port = 8080;\nexport {};\n',
    },
  },
};

describe('RepositoryContent', () => {
  it('shows the clone command, the last commit, the root folder and its README', async () => {
    await renderTab(routes);
    expect(
      await screen.findByText(`git clone ${summary.cloneUrl}`),
    ).toBeInTheDocument();
    expect(screen.getByText(summary.head.message)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'src' })).toBeInTheDocument();
    expect(await screen.findByText('The orders service.')).toBeInTheDocument();
  });

  it('walks into a folder and opens a file with line numbers, keeping the place in the URL', async () => {
    const calls = await renderTab(routes, '/?branch=main');
    await userEvent.click(await screen.findByRole('button', { name: 'src' }));
    await userEvent.click(
      await screen.findByRole('button', { name: 'server.ts' }),
    );
    const pre = await screen.findByLabelText('Content of src/server.ts');
    expect(pre.textContent).toBe('export const port = 8080;export {};');
    expect(pre.children).toHaveLength(2);
    expect(screen.getByText('2 lines · 26 bytes')).toBeInTheDocument();
    expect(calls).toContain(`${BASE}/file?path=src%2Fserver.ts&branch=main`);
    // The breadcrumb leads back to the root.
    await userEvent.click(screen.getByRole('button', { name: 'orders' }));
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'src' })).toBeInTheDocument(),
    );
  });

  it('says a binary file is not shown', async () => {
    await renderTab(
      {
        ...routes,
        [`${BASE}/file?path=logo.png`]: {
          body: {
            path: 'logo.png',
            size: 2048,
            binary: true,
            truncated: false,
          },
        },
      },
      '/?file=logo.png',
    );
    expect(
      await screen.findByText(
        'A binary file of 2.0 KB; clone the repository to open it.',
      ),
    ).toBeInTheDocument();
  });

  it("shows the backend's message once when the repository cannot be read", async () => {
    await renderTab({
      [BASE]: {
        status: 404,
        body: {
          error: {
            message:
              "The repository 'orders' is not in the portal's repository folder.",
          },
        },
      },
    });
    expect(
      await screen.findAllByText(
        "The repository 'orders' is not in the portal's repository folder.",
      ),
    ).toHaveLength(1);
  });
});
