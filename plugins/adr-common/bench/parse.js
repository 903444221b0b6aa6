#!/usr/bin/env node
// ADR parser benchmark: prints figures, asserts nothing.
//
//   source scripts/env.sh && yarn bench:adr [--files 10000]
//
// Generates N ADR files in memory (a mix of MADR 4 and MADR 3 front matter
// and Nygard / adr-tools, 1-8 KB each, the same files on every run), then
// times our parseAdr and the community parser (parseMadrWithFrontmatter from
// @backstage/plugin-adr-common, the package the community ADR plugin grew
// from) over all of them: three timed runs after a warm-up, median files/s.
//
// Runs with plain node; the TypeScript sources are loaded through
// @backstage/cli's node transform (--require, see the bench:adr script).
/* eslint-disable no-console */ // a command-line script: printing is its job
const { performance } = require('node:perf_hooks');
const { parseAdr } = require('../src');
const { parseMadrWithFrontmatter } = require('@backstage/plugin-adr-common');

const argIndex = process.argv.indexOf('--files');
const fileCount = argIndex === -1 ? 10000 : Number(process.argv[argIndex + 1]);
if (!Number.isInteger(fileCount) || fileCount < 1) {
  throw new Error('--files must be a positive integer');
}

// Deterministic PRNG (mulberry32) so every run parses the same files.
function random(seed) {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = random(42);
const pick = list => list[Math.floor(rand() * list.length)];
const WORDS = (
  'service database queue latency cost team platform migrate deploy cache ' +
  'postgres kafka tenant budget schema api contract rollout incident owner ' +
  'observability tracing retry timeout quota region failover backup audit'
).split(' ');
const PEOPLE = ['Alice Smith', 'Bob Jones', 'Carol Wu', 'Dan Brown', 'Eve Li'];
const STATUSES = ['proposed', 'accepted', 'rejected', 'deprecated'];

const sentence = () => {
  const n = 8 + Math.floor(rand() * 14);
  const words = Array.from({ length: n }, () => pick(WORDS));
  return `${words.join(' ')}.`;
};
const paragraph = () =>
  Array.from({ length: 2 + Math.floor(rand() * 4) }, sentence).join(' ');
/** Sections of prose until the body reaches `bytes`. */
function prose(headings, bytes) {
  let out = '';
  for (let i = 0; out.length < bytes; i++) {
    out += `## ${headings[i % headings.length]}\n\n${paragraph()}\n\n`;
    if (rand() < 0.3) out += `* ${sentence()}\n* ${sentence()}\n\n`;
  }
  return out;
}
const date = () =>
  `20${10 + Math.floor(rand() * 15)}-0${
    1 + Math.floor(rand() * 9)
  }-1${Math.floor(rand() * 9)}`;
const MADR_HEADINGS = [
  'Context and Problem Statement',
  'Decision Drivers',
  'Considered Options',
  'Decision Outcome',
  'Pros and Cons of the Options',
  'More Information',
];
const NYGARD_HEADINGS = ['Context', 'Decision', 'Consequences'];

function makeFile(i) {
  const bytes = 1024 + Math.floor(rand() * 7 * 1024);
  const title = `Use ${pick(WORDS)} for ${pick(WORDS)} ${pick(WORDS)}`;
  const n = String(i + 1).padStart(4, '0');
  const kind = rand();
  if (kind < 0.35) {
    const text =
      `---\nstatus: ${pick(STATUSES)}\ndate: ${date()}\n` +
      `decision-makers:\n  - ${pick(PEOPLE)}\n  - ${pick(PEOPLE)}\n` +
      `consulted: ${pick(PEOPLE)}\ninformed: ${pick(PEOPLE)}\n---\n\n` +
      `# ${title}\n\n${prose(MADR_HEADINGS, bytes)}`;
    return { path: `docs/decisions/${n}-madr4.md`, text };
  }
  if (kind < 0.7) {
    const text =
      `---\nstatus: ${pick(STATUSES)}\ndate: ${date()}\n` +
      `deciders: ${pick(PEOPLE)}, ${pick(PEOPLE)}\n---\n` +
      `# ${title}\n\n${prose(MADR_HEADINGS, bytes)}`;
    return { path: `docs/decisions/${n}-madr3.md`, text };
  }
  const text =
    `# ${i + 1}. ${title}\n\nDate: ${date()}\n\n## Status\n\nAccepted\n\n` +
    `Supersedes [${i}. Earlier](${String(i).padStart(4, '0')}-earlier.md)\n\n` +
    `${prose(NYGARD_HEADINGS, bytes)}`;
  return { path: `doc/adr/${n}-nygard.md`, text };
}

function time(parse, files) {
  let checksum = 0;
  const start = performance.now();
  for (const file of files) {
    const result = parse(file);
    checksum += result.status ? result.status.length : 0;
  }
  return { ms: performance.now() - start, checksum };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function main() {
  const files = Array.from({ length: fileCount }, (_, i) => makeFile(i));
  const totalBytes = files.reduce((sum, f) => sum + f.text.length, 0);
  console.log(
    `${files.length} ADR files in memory, ${(totalBytes / 1024 / 1024).toFixed(
      1,
    )} MB (mean ${Math.round(totalBytes / files.length)} bytes)`,
  );

  const parsers = {
    ours: file => parseAdr(file.text, file.path),
    community: file => parseMadrWithFrontmatter(file.text),
  };
  const runs = { ours: [], community: [] };
  for (let run = 0; run <= 3; run++) {
    for (const name of Object.keys(parsers)) {
      const { ms } = time(parsers[name], files);
      if (run > 0) runs[name].push(ms); // run 0 warms the JIT up
    }
  }
  const rate = ms => Math.round(files.length / (ms / 1000));
  const ours = rate(median(runs.ours));
  const community = rate(median(runs.community));
  console.log(
    `parseAdr (@golden-path/plugin-adr-common):                     ${ours} files/s (median of 3; runs ${runs.ours
      .map(ms => `${ms.toFixed(0)} ms`)
      .join(', ')})`,
  );
  console.log(
    `parseMadrWithFrontmatter (@backstage/plugin-adr-common 0.2.x): ${community} files/s (median of 3; runs ${runs.community
      .map(ms => `${ms.toFixed(0)} ms`)
      .join(', ')})`,
  );
  console.log(`ratio ours/community: ${(ours / community).toFixed(2)}x`);
}

main();
