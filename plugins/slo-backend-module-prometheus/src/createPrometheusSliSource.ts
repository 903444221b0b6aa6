import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { SliSource } from '@golden-path/plugin-slo-node';
import { PrometheusSliSource } from './PrometheusSliSource';
import { readPrometheusConfig } from './readPrometheusConfig';

/**
 * The SLI source for SLOs whose OpenSLO DataSource is a Prometheus named in
 * `goldenPath.slo.prometheus`. Reads and checks that config now, so a bad
 * data source fails start-up with a message naming its key.
 * @public
 */
export function createPrometheusSliSource(options: {
  config: Config;
  logger: LoggerService;
}): SliSource {
  const sources = readPrometheusConfig(options.config);
  if (sources.length > 0) {
    // Names and origins only: headers hold credentials.
    options.logger.info(
      `Prometheus SLI data sources: ${sources
        .map(s => `${s.name} (${new URL(s.baseUrl).origin})`)
        .join(', ')}`,
    );
  }
  return new PrometheusSliSource(sources, options.logger);
}
