// Where a deployment goes: every configured placement check over every candidate node; the node that
// passes all of them with the best total score wins. Pure, so the rule is tested without a database.
import type { PlacementCheck, PlacementNode, PlacementRequest, Shortfall } from '../../contracts/index.js';

export type Placement =
  | { placed: true; node: PlacementNode; score: number }
  | { placed: false; shortfalls: { node: { id: string; name: string }; shortfalls: Shortfall[] }[] };

export function placeDeployment(request: PlacementRequest, candidates: readonly PlacementNode[], checks: readonly PlacementCheck[]): Placement {
  let best: { node: PlacementNode; score: number } | undefined;
  const refused: { node: { id: string; name: string }; shortfalls: Shortfall[] }[] = [];
  for (const node of candidates) {
    let score = 0;
    const shortfalls: Shortfall[] = [];
    for (const check of checks) {
      const verdict = check.check(request, node);
      if (verdict.fits) score += verdict.score;
      else shortfalls.push(...verdict.shortfalls);
    }
    if (shortfalls.length) refused.push({ node: { id: node.id, name: node.name }, shortfalls });
    else if (!best || score > best.score || (score === best.score && node.name < best.node.name)) best = { node, score };
  }
  return best ? { placed: true, ...best } : { placed: false, shortfalls: refused };
}
