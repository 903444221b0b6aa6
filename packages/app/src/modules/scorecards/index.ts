export { teamScorecardModule } from './teamScorecardModule';
