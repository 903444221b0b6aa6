export { unprocessedEntitiesModule } from './unprocessedEntitiesModule';
