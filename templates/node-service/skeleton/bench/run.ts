/**
 * `npm run bench`: the relay bench (bench/relay.ts, when present), then the
 * policy + tracing overhead bench (bench/overhead.ts). Prints figures,
 * asserts nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { runOverheadBench } from './overhead';

type RelayBench = { runRelayBench?: () => Promise<unknown> };

async function main(): Promise<void> {
  const relayFile = path.join(__dirname, 'relay.ts');
  if (fs.existsSync(relayFile)) {
    // Loaded only when present, so this entry point does not depend on it.
    const relay = require(relayFile) as RelayBench;
    if (typeof relay.runRelayBench !== 'function') {
      throw new Error(`${relayFile} does not export runRelayBench()`);
    }
    await relay.runRelayBench();
  } else {
    console.log('relay bench skipped: bench/relay.ts is absent.');
  }
  await runOverheadBench();
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
