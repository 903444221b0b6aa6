import { configApiRef, useApi } from '@backstage/core-plugin-api';
import {
  readTierTable,
  TierTable,
} from '@golden-path/plugin-golden-path-common';
import { useMemo } from 'react';

/**
 * The tier table from app-config, or the error that names the bad key; read
 * once per config.
 */
export function useTierTable(): { tiers?: TierTable; error?: Error } {
  const config = useApi(configApiRef);
  return useMemo(() => {
    try {
      return { tiers: readTierTable(config) };
    } catch (e) {
      return { error: e as Error };
    }
  }, [config]);
}
