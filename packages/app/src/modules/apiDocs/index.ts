export { apiDocsModule } from './apiDocsModule';
