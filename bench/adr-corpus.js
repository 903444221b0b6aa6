// Generated ADR files for the ADR benchmarks (yarn bench:adr: adr-common's
// parser bench and adr-backend's ingest and request bench): the same files
// on every run for a given seed, 1-8 KB each, a mix of MADR 4 and MADR 3
// front matter and Nygard / adr-tools files whose "Supersedes" line points at
// the previous file of the same folder.

const { random } = require('./prng');

const WORDS = (
  'service database queue latency cost team platform migrate deploy cache ' +
  'postgres kafka tenant budget schema api contract rollout incident owner ' +
  'observability tracing retry timeout quota region failover backup audit'
).split(' ');
const PEOPLE = ['Alice Smith', 'Bob Jones', 'Carol Wu', 'Dan Brown', 'Eve Li'];
const STATUSES = ['proposed', 'accepted', 'rejected', 'deprecated'];
const MADR_HEADINGS = [
  'Context and Problem Statement',
  'Decision Drivers',
  'Considered Options',
  'Decision Outcome',
  'Pros and Cons of the Options',
  'More Information',
];
const NYGARD_HEADINGS = ['Context', 'Decision', 'Consequences'];

/** The file name of the n-th ADR (1-based) of a folder. */
function adrFileName(n) {
  return `${String(n).padStart(4, '0')}-adr.md`;
}

/**
 * A generator of ADR texts: `next(n)` is the n-th ADR (1-based) of a folder,
 * whose Nygard "Supersedes" line names `adrFileName(n - 1)`.
 */
function adrCorpus(seed) {
  const rand = random(seed);
  const pick = list => list[Math.floor(rand() * list.length)];
  const sentence = () => {
    const n = 8 + Math.floor(rand() * 14);
    return `${Array.from({ length: n }, () => pick(WORDS)).join(' ')}.`;
  };
  const paragraph = () =>
    Array.from({ length: 2 + Math.floor(rand() * 4) }, sentence).join(' ');
  const prose = (headings, bytes) => {
    let out = '';
    for (let i = 0; out.length < bytes; i++) {
      out += `## ${headings[i % headings.length]}\n\n${paragraph()}\n\n`;
      if (rand() < 0.3) out += `* ${sentence()}\n* ${sentence()}\n\n`;
    }
    return out;
  };
  const date = () =>
    `20${10 + Math.floor(rand() * 15)}-0${
      1 + Math.floor(rand() * 9)
    }-1${Math.floor(rand() * 9)}`;

  return {
    next(n) {
      const bytes = 1024 + Math.floor(rand() * 7 * 1024);
      const title = `Use ${pick(WORDS)} for ${pick(WORDS)} ${pick(WORDS)}`;
      const kind = rand();
      if (kind < 0.35) {
        return (
          `---\nstatus: ${pick(STATUSES)}\ndate: ${date()}\n` +
          `decision-makers:\n  - ${pick(PEOPLE)}\n  - ${pick(PEOPLE)}\n` +
          `consulted: ${pick(PEOPLE)}\ninformed: ${pick(PEOPLE)}\n---\n\n` +
          `# ${title}\n\n${prose(MADR_HEADINGS, bytes)}`
        );
      }
      if (kind < 0.7) {
        return (
          `---\nstatus: ${pick(STATUSES)}\ndate: ${date()}\n` +
          `deciders: ${pick(PEOPLE)}, ${pick(PEOPLE)}\n---\n` +
          `# ${title}\n\n${prose(MADR_HEADINGS, bytes)}`
        );
      }
      const supersedes =
        n > 1
          ? `Supersedes [${n - 1}. Earlier](${adrFileName(n - 1)})\n\n`
          : '';
      return (
        `# ${n}. ${title}\n\nDate: ${date()}\n\n## Status\n\n` +
        `${pick(['Accepted', 'Proposed', 'Deprecated'])}\n\n${supersedes}` +
        `${prose(NYGARD_HEADINGS, bytes)}`
      );
    },
  };
}

module.exports = { adrCorpus, adrFileName };
