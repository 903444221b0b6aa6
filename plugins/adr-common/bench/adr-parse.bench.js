#!/usr/bin/env node
// ADR parser benchmark: prints figures, asserts nothing.
//
//   source scripts/env.sh && yarn bench:adr [--files 10000]
//   (or yarn workspace @golden-path/plugin-adr-common bench [...] alone)
//
// Generates N ADR files in memory (a mix of MADR 4 and MADR 3 front matter
// and Nygard / adr-tools, 1-8 KB each, the same files on every run), then
// times our parseAdr and the community parser (parseMadrWithFrontmatter from
// @backstage/plugin-adr-common, the package the community ADR plugin grew
// from) over all of them: three timed runs after a warm-up, median files/s.
//
// Runs with plain node; the TypeScript sources are loaded through
// @backstage/cli's node transform (--require, see this package's bench
// script).
/* eslint-disable no-console */ // a command-line script: printing is its job
const { performance } = require('node:perf_hooks');
const { parseAdr } = require('../src');
const { parseMadrWithFrontmatter } = require('@backstage/plugin-adr-common');
// The corpus generator is shared with adr-backend's bench, at the repository
// root beside the other bench helpers, outside any package.
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
const { adrCorpus, adrFileName } = require('../../../bench/adr-corpus');

const argIndex = process.argv.indexOf('--files');
const fileCount = argIndex === -1 ? 10000 : Number(process.argv[argIndex + 1]);
if (!Number.isInteger(fileCount) || fileCount < 1) {
  throw new Error('--files must be a positive integer');
}

const corpus = adrCorpus(42);
function makeFile(i) {
  return {
    path: `docs/decisions/${adrFileName(i + 1)}`,
    text: corpus.next(i + 1),
  };
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
