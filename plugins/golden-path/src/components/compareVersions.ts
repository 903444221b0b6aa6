/**
 * Compares two semver versions (`2.10.0` after `2.9.1`, a pre-release
 * before its release); other strings by text.
 */
export function compareVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const [core, pre] = v.split(/-(.*)/s, 2);
    return { parts: core.split('.').map(Number), pre };
  };
  const pa = parse(a);
  const pb = parse(b);
  if ([...pa.parts, ...pb.parts].some(n => !Number.isFinite(n))) {
    return a.localeCompare(b);
  }
  for (let i = 0; i < Math.max(pa.parts.length, pb.parts.length); i++) {
    const diff = (pa.parts[i] ?? 0) - (pb.parts[i] ?? 0);
    if (diff) return diff;
  }
  if (pa.pre === pb.pre) return 0;
  if (pa.pre === undefined) return 1;
  if (pb.pre === undefined) return -1;
  return pa.pre.localeCompare(pb.pre, 'en', { numeric: true });
}
