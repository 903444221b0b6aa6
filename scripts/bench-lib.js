// Helpers shared by the benchmark scripts (bench-catalog.js,
// bench-scaffolder.js). They print figures and assert nothing.

/** The value after `name` on the command line, or `fallback`. */
function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i === -1 ? fallback : process.argv[i + 1];
}

/** A positive whole number option; exits with one sentence otherwise. */
function positiveIntArg(name, fallback) {
  const value = Number(arg(name, fallback));
  if (!Number.isInteger(value) || value <= 0) {
    console.error(`error: ${name} needs a positive whole number`);
    process.exit(1);
  }
  return value;
}

const sleep = ms => new Promise(r => setTimeout(r, ms));

/** Polls `probe` until it returns something truthy (errors count as "not yet"). */
async function waitFor(what, probe, timeoutMs, intervalMs = 500) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(intervalMs);
  }
}

module.exports = { arg, positiveIntArg, sleep, waitFor };
