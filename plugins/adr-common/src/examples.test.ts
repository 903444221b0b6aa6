import { readdirSync, readFileSync, existsSync } from 'fs';
import { dirname, join, relative, resolve } from 'path';
import { parseAdr, AdrStatus, ParsedAdr } from './index';

const ROOT = resolve(__dirname, '../../../examples/adrs');
const STATUSES: AdrStatus[] = [
  'proposed',
  'accepted',
  'rejected',
  'deprecated',
  'superseded',
];

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return markdownFiles(path);
    return entry.name.endsWith('.md') ? [path] : [];
  });
}

const adrs: ParsedAdr[] = markdownFiles(ROOT)
  .sort()
  .map(file => parseAdr(readFileSync(file, 'utf8'), relative(ROOT, file)));

function count<T>(values: T[]): Map<T, number> {
  const counts = new Map<T, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

describe('examples/adrs', () => {
  it('has at least 26 records', () => {
    expect(adrs.length).toBeGreaterThanOrEqual(26);
  });

  it.each(adrs.map(adr => [adr.path, adr] as const))(
    '%s parses cleanly',
    (_path, adr) => {
      expect(adr.warnings).toEqual([]);
      expect(adr.title).toEqual(expect.any(String));
      expect(adr.title).not.toBe('');
      expect(STATUSES).toContain(adr.status);
      expect(adr.date).toMatch(/^(2019|202\d)-\d{2}-\d{2}$/);
      expect(adr.format).not.toBe('unknown');
      expect(adr.body).not.toMatch(/<\/?[a-z][^>]*>/i);
    },
  );

  it('has at least eight records of each format', () => {
    const formats = count(adrs.map(adr => adr.format));
    expect(formats.get('madr4') ?? 0).toBeGreaterThanOrEqual(8);
    expect(
      (formats.get('madr3') ?? 0) + (formats.get('madr2') ?? 0),
    ).toBeGreaterThanOrEqual(8);
    expect(formats.get('nygard') ?? 0).toBeGreaterThanOrEqual(8);
  });

  it('uses every status, with old proposals', () => {
    const statuses = count(adrs.map(adr => adr.status));
    for (const status of STATUSES) {
      expect(statuses.get(status) ?? 0).toBeGreaterThan(0);
    }
    const oldProposals = adrs.filter(
      adr => adr.status === 'proposed' && adr.date! < '2026-10-26',
    );
    expect(oldProposals.length).toBeGreaterThanOrEqual(2);
  });

  it('has a date-prefixed file name', () => {
    expect(adrs.some(adr => /(^|\/)\d{8}-[^/]+\.md$/.test(adr.path))).toBe(
      true,
    );
  });

  it('resolves every supersede link both ways', () => {
    const byPath = new Map(adrs.map(adr => [adr.path, adr]));
    const superseded = adrs.filter(adr => adr.status === 'superseded');
    expect(superseded.length).toBeGreaterThanOrEqual(2);
    for (const adr of superseded) {
      expect(adr.supersededBy).toHaveLength(1);
      const target = join(dirname(adr.path), adr.supersededBy[0].target);
      expect(existsSync(join(ROOT, target))).toBe(true);
      const newer = byPath.get(target)!;
      expect(newer.supersedes.map(ref => ref.target)).toContain(
        relative(dirname(adr.path), adr.path),
      );
      expect(newer.supersedes.map(ref => ref.number)).toContain(adr.number);
    }
  });

  it('has a chain of three records 0003 -> 0005 -> 0007', () => {
    const folder = adrs.filter(adr => adr.path.startsWith('order-service/'));
    const byNumber = new Map(folder.map(adr => [adr.number, adr]));
    expect(byNumber.get(3)?.supersededBy[0]?.number).toBe(5);
    expect(byNumber.get(5)?.supersedes[0]?.number).toBe(3);
    expect(byNumber.get(5)?.supersededBy[0]?.number).toBe(7);
    expect(byNumber.get(7)?.supersedes[0]?.number).toBe(5);
    expect(byNumber.get(7)?.status).toBe('accepted');
  });
});
