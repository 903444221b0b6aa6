// A small deterministic PRNG for generated example and benchmark data, so
// every run produces the same data for the same seed.

/** mulberry32: a function returning numbers in [0, 1) for a 32-bit seed. */
function random(seed) {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

module.exports = { random };
