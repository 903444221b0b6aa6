export { catalogSearchModule } from './catalogSearchModule';
