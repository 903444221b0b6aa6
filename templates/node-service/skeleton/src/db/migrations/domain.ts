import type { Migration } from './index';

export const domainMigrations: Migration[] = [];
