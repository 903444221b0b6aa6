/**
 * `yarn bench:chassis` (`npm run bench` here): relay throughput against raw
 * JetStream publishes, the per-request overhead of policies + tracing against
 * a bare Fastify handler, and the drain after a 60 s broker outage. Prints
 * figures, asserts nothing.
 */
import { runDrainBench } from './drain';
import { runOverheadBench } from './overhead';
import { runRelayBench } from './relay';

async function main(): Promise<void> {
  await runRelayBench();
  await runOverheadBench();
  await runDrainBench();
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
