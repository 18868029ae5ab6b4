import type { ServiceContext } from '../context';
import type { OrgUnit } from '../model';

export type UnitNode = OrgUnit & { children: UnitNode[] };

/** Builds the organisation tree(s) from a flat list of units; orphans (parent missing) become roots. */
export function buildTree(units: readonly OrgUnit[]): UnitNode[] {
  const nodes = new Map(units.map((u) => [u.id, { ...u, children: [] as UnitNode[] }]));
  const roots: UnitNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId ? nodes.get(node.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  const sort = (list: UnitNode[]) => {
    list.sort((a, b) => a.sortOrder - b.sortOrder || a.name.localeCompare(b.name, 'da'));
    list.forEach((n) => sort(n.children));
  };
  sort(roots);
  return roots;
}

/** Every unit of the tenant as a tree. */
export async function getOrganisationTree(ctx: ServiceContext): Promise<UnitNode[]> {
  return buildTree(await ctx.store.listAll('unit', {}));
}

/** A unit and all units below it. */
export async function subtreeUnits(ctx: ServiceContext, rootId: string): Promise<OrgUnit[]> {
  const root = await ctx.store.get('unit', rootId);
  if (!root) return [];
  const out: OrgUnit[] = [root];
  let frontier = [root.id];
  while (frontier.length) {
    const children = await ctx.store.listAll('unit', { parentId: frontier });
    out.push(...children);
    frontier = children.map((c) => c.id);
  }
  return out;
}
