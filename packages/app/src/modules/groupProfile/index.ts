export { groupProfileModule } from './groupProfileModule';
