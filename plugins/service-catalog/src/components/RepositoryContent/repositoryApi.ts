import { CompoundEntityRef } from '@backstage/catalog-model';
import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';

/** GET /api/golden-path/entities/:kind/:namespace/:name/repository */
export type RepositorySummary = {
  name: string;
  defaultBranch: string;
  branches: string[];
  head: { commit: string; message: string; author: string; date: string };
  cloneUrl: string;
  cloneUrlExpiresAt: string;
};

export type TreeEntry = {
  name: string;
  path: string;
  type: 'folder' | 'file' | 'link' | 'submodule';
};

export type FileContent = {
  path: string;
  size: number;
  binary: boolean;
  truncated: boolean;
  text?: string;
};

/** An answer other than 2xx, with the backend's message in plain words. */
export class RepositoryRequestError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** Reads an entity's repository through the golden-path backend. */
export function repositoryClient(
  discoveryApi: DiscoveryApi,
  fetchApi: FetchApi,
  entity: CompoundEntityRef,
) {
  async function get<T>(
    suffix: string,
    query: Record<string, string | undefined>,
  ): Promise<T> {
    const base = await discoveryApi.getBaseUrl('golden-path');
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value) params.set(key, value);
    }
    const search = params.toString();
    const url = `${base}/entities/${[entity.kind, entity.namespace, entity.name]
      .map(encodeURIComponent)
      .join('/')}/repository${suffix}${search ? `?${search}` : ''}`;
    const response = await fetchApi.fetch(url);
    if (!response.ok) {
      const body = await response.json().catch(() => undefined);
      throw new RepositoryRequestError(
        response.status,
        body?.error?.message ??
          `The repository could not be read (${response.status} ${response.statusText}).`,
      );
    }
    return response.json();
  }
  return {
    summary: (branch?: string) => get<RepositorySummary>('', { branch }),
    tree: (path: string, branch?: string) =>
      get<{ path: string; entries: TreeEntry[] }>('/tree', { path, branch }),
    file: (path: string, branch?: string) =>
      get<FileContent>('/file', { path, branch }),
  };
}
