import {
  AdrLink,
  AdrReference,
  ParsedAdr,
} from '@golden-path/plugin-adr-common';
import { posix } from 'node:path';

/** The resolved links of one ADR, both directions. */
export type AdrLinks = { supersedes: AdrLink[]; supersededBy: AdrLink[] };

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/**
 * Resolves every `supersedes` / `superseded by` reference of the ADRs of one
 * folder against the other ADRs of that folder (by relative path, else by
 * number) and stores each link on both ends: when A supersedes B, B is
 * superseded by A even when B does not say so.
 *
 * @param adrs - the folder's ADRs; `path` is relative to the folder
 * @returns the links of each ADR by path
 */
export function resolveSupersedeLinks(
  entityRef: string,
  adrs: ParsedAdr[],
): Map<string, AdrLinks> {
  const byPath = new Map(adrs.map(adr => [adr.path, adr]));
  const byNumber = new Map<number, ParsedAdr | null>();
  for (const adr of adrs) {
    if (adr.number === null) continue;
    // Two files with one number: a number alone cannot say which is meant.
    byNumber.set(adr.number, byNumber.has(adr.number) ? null : adr);
  }

  const find = (from: ParsedAdr, ref: AdrReference): ParsedAdr | undefined => {
    const target = ref.target.split(/[?#]/)[0];
    if (target && !SCHEME.test(target) && !target.startsWith('/')) {
      const resolved = posix.normalize(
        posix.join(posix.dirname(from.path), decodeSafely(target)),
      );
      const hit = byPath.get(resolved);
      if (hit) return hit;
    }
    if (ref.number !== null) return byNumber.get(ref.number) ?? undefined;
    return undefined;
  };

  const links = new Map<string, AdrLinks>(
    adrs.map(adr => [adr.path, { supersedes: [], supersededBy: [] }]),
  );
  const linkTo = (other: ParsedAdr, target: string): AdrLink => ({
    entityRef,
    path: other.path,
    number: other.number,
    title: other.title,
    target,
  });
  const add = (list: AdrLink[], link: AdrLink) => {
    const duplicate = list.some(existing =>
      link.path !== null
        ? existing.path === link.path
        : existing.path === null && existing.target === link.target,
    );
    if (!duplicate) list.push(link);
  };

  for (const adr of adrs) {
    const own = links.get(adr.path)!;
    for (const [field, reverse] of [
      ['supersedes', 'supersededBy'],
      ['supersededBy', 'supersedes'],
    ] as const) {
      for (const ref of adr[field]) {
        const other = find(adr, ref);
        if (!other || other.path === adr.path) {
          add(own[field], {
            entityRef: null,
            path: null,
            number: ref.number,
            title: ref.title,
            target: ref.target,
          });
          continue;
        }
        add(own[field], linkTo(other, ref.target));
        add(links.get(other.path)![reverse], linkTo(adr, adr.path));
      }
    }
  }
  return links;
}

function decodeSafely(target: string): string {
  try {
    return decodeURIComponent(target);
  } catch {
    return target;
  }
}
