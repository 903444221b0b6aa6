import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import serviceCatalogPlugin, {
  catalogTierColumnModule,
} from '@golden-path/plugin-service-catalog/alpha';
import { navModule } from './modules/nav';
import { homeModule } from './modules/home';
import { teamScorecardModule } from './modules/scorecards';
import { apiDocsModule } from './modules/apiDocs';
import { groupProfileModule } from './modules/groupProfile';
import { unprocessedEntitiesModule } from './modules/unprocessedEntities';
import { catalogSearchModule } from './modules/catalogSearch';
import { signInModule } from './modules/signIn';

export default createApp({
  features: [
    catalogPlugin,
    catalogTierColumnModule,
    serviceCatalogPlugin,
    navModule,
    homeModule,
    teamScorecardModule,
    apiDocsModule,
    groupProfileModule,
    unprocessedEntitiesModule,
    catalogSearchModule,
    signInModule,
  ],
});
