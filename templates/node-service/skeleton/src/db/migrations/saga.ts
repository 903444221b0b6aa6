import type { Migration } from './index';

export const sagaMigrations: Migration[] = [];
