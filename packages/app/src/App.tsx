import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import serviceCatalogPlugin from '@golden-path/plugin-service-catalog/alpha';
import { navModule } from './modules/nav';
import { homeModule } from './modules/home';

export default createApp({
  features: [catalogPlugin, serviceCatalogPlugin, navModule, homeModule],
});
