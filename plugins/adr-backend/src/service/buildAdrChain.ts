import { AdrChainStep } from '@golden-path/plugin-adr-common';
import { AdrGraphNode } from '../database/AdrStore';

/**
 * The supersede chain an ADR belongs to, oldest first, the ADR included:
 * back along `supersedes`, forward along `supersededBy`, taking the first
 * resolved link at each step and stopping at a cycle.
 */
export function buildAdrChain(
  entityRef: string,
  path: string,
  graph: AdrGraphNode[],
): AdrChainStep[] {
  const nodes = new Map(graph.map(node => [node.path, node]));
  const start = nodes.get(path);
  if (!start) return [];
  const toLink = (node: AdrGraphNode): AdrChainStep => ({
    entityRef,
    path: node.path,
    number: node.number,
    title: node.title,
    target: node.path,
    status: node.status,
    statusRaw: node.statusRaw,
    date: node.date,
  });
  const next = (node: AdrGraphNode, field: 'supersedes' | 'supersededBy') => {
    const link = node[field].find(l => l.path !== null && nodes.has(l.path));
    return link ? nodes.get(link.path!) : undefined;
  };

  const seen = new Set([start.path]);
  const older: AdrGraphNode[] = [];
  for (let node = next(start, 'supersedes'); node; ) {
    if (seen.has(node.path)) break;
    seen.add(node.path);
    older.unshift(node);
    node = next(node, 'supersedes');
  }
  const newer: AdrGraphNode[] = [];
  for (let node = next(start, 'supersededBy'); node; ) {
    if (seen.has(node.path)) break;
    seen.add(node.path);
    newer.push(node);
    node = next(node, 'supersededBy');
  }
  return [...older, start, ...newer].map(toLink);
}
