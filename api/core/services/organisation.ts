import type { ServiceContext } from '../context';
import { compareNames } from '../i18n';
import type { OrgUnit } from '../model';
import { approverOf, type Lineage } from '../rules/agreement-life';
import { KeptWhileCounted } from './kept';

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
    list.sort((a, b) => a.sortOrder - b.sortOrder || compareNames(a.name, b.name));
    list.forEach((n) => sort(n.children));
  };
  sort(roots);
  return roots;
}

/** The tenant's units, looked up by id and by parent. Shared between requests: never change what it holds. */
export type Organisation = {
  /** The store's revision of the units it was read at (port: revisionOf); null where the store cannot tell. */
  revision: string | null;
  units: readonly OrgUnit[];
  byId: ReadonlyMap<string, OrgUnit>;
  children: ReadonlyMap<string | null, readonly OrgUnit[]>;
};

function organisationOf(units: OrgUnit[], revision: string | null): Organisation {
  for (const u of units) Object.freeze(u);
  const children = new Map<string | null, OrgUnit[]>();
  for (const u of units) {
    const list = children.get(u.parentId);
    if (list) list.push(u);
    else children.set(u.parentId, [u]);
  }
  return { revision, units, byId: new Map(units.map((u) => [u.id, u])), children };
}

/**
 * The organisation of each tenant as last read, with the store's revision of its units. A request asks the
 * store for that revision (one small read) and reads the units again only when it moved, so every instance
 * sharing the store sees a change on its next request.
 */
const ORGANISATIONS = new KeptWhileCounted<'units', Organisation>('unit');

async function lookUpOrganisation(ctx: ServiceContext): Promise<Organisation> {
  const { store } = ctx;
  const kept = await ORGANISATIONS.current(store, 'units');
  if (kept) return kept;
  const { revision, records } = await store.listCounted('unit');
  return ORGANISATIONS.keep(store, 'units', revision, organisationOf(records, revision));
}

/**
 * The organisation of a tenant as this instance last read it, without asking the store whether it is current: for
 * guesses that are checked against what is read (where an agreement's parent goals may lie), never for decisions.
 */
export function lastOrganisation(tenantId: string): Organisation | null {
  return ORGANISATIONS.last(tenantId, 'units') ?? null;
}

/**
 * Where units lie, as far as a use case that read only each unit's parent knows it: kept for the guesses of the
 * instance's later requests until it reads the organisation itself (lastLineage).
 */
const LINEAGES = new Map<string, Lineage>();
const MAX_TENANTS = 1_000;

/** The line of units upwards as this instance last knew it (the organisation it last read, else parents it read). */
export function lastLineage(tenantId: string): Lineage | null {
  return lastOrganisation(tenantId) ?? LINEAGES.get(tenantId) ?? null;
}

/** Keeps the parents of every unit a use case read, for lastLineage. */
export function rememberLineage(tenantId: string, units: readonly Pick<OrgUnit, 'id' | 'parentId'>[]): Lineage {
  const lineage: Lineage = { byId: new Map(units.map((u) => [u.id, u])) };
  if (LINEAGES.size >= MAX_TENANTS) LINEAGES.clear();
  LINEAGES.set(tenantId, lineage);
  return lineage;
}

/**
 * Forgets this instance's organisation of a tenant after it wrote units itself, so that its next request
 * reads revision and units together (one round trip on SharePoint) instead of first finding the revision moved.
 */
export function forgetOrganisation(tenantId: string): void {
  ORGANISATIONS.forget(tenantId);
  LINEAGES.delete(tenantId);
}

/** The organisation as this request sees it: looked up once per request, from the shared cache where current. */
export function organisation(ctx: ServiceContext): Promise<Organisation> {
  let p = ctx.memo.get('organisation') as Promise<Organisation> | undefined;
  if (!p) ctx.memo.set('organisation', (p = lookUpOrganisation(ctx)));
  return p;
}

/**
 * The organisation as the store holds it now (from the shared cache where current), looked up again even where
 * this context looked it up before: for work that outlives a request's view of it, such as planning after an import.
 */
export function currentOrganisation(ctx: ServiceContext): Promise<Organisation> {
  const p = lookUpOrganisation(ctx);
  ctx.memo.set('organisation', p);
  return p;
}

/**
 * Who is where in an organisation, made once per organisation read: the units naming each person (leader, member,
 * approver, quality office) and the units whose agreements each person approves (approverOf: named on the unit or
 * above it). A person's own units are then a lookup, not a pass over every unit of the municipality.
 */
type People = { naming: ReadonlyMap<string, readonly OrgUnit[]>; approving: ReadonlyMap<string, readonly OrgUnit[]> };
const PEOPLE = new WeakMap<Organisation, People>();

function peopleOf(org: Organisation): People {
  let people = PEOPLE.get(org);
  if (people) return people;
  const naming = new Map<string, OrgUnit[]>();
  const approving = new Map<string, OrgUnit[]>();
  const add = (to: Map<string, OrgUnit[]>, personId: string, unit: OrgUnit) => {
    const list = to.get(personId);
    if (!list) to.set(personId, [unit]);
    else if (list.at(-1) !== unit) list.push(unit);
  };
  for (const u of org.units) {
    for (const id of [...u.leaderIds, ...u.memberIds, ...(u.approverId ? [u.approverId] : []), ...(u.qualityOfficeIds ?? [])]) add(naming, id, u);
    const approver = approverOf(org, u.id);
    if (approver) add(approving, approver, u);
  }
  PEOPLE.set(org, (people = { naming, approving }));
  return people;
}

/** The units that name a person: as leader, member, approver or quality office. */
export function unitsNaming(org: Organisation, personId: string): readonly OrgUnit[] {
  return peopleOf(org).naming.get(personId) ?? [];
}

/** The units a person leads or belongs to. */
export function unitsOf(org: Organisation, personId: string): OrgUnit[] {
  return unitsNaming(org, personId).filter((u) => u.leaderIds.includes(personId) || u.memberIds.includes(personId));
}

/** The units whose agreements a person approves (approverOf). */
export function unitsApprovedBy(org: Organisation, personId: string): readonly OrgUnit[] {
  return peopleOf(org).approving.get(personId) ?? [];
}

/** A unit and every unit below it, top down, from the organisation. */
export function unitsBelow(org: Organisation, rootId: string): OrgUnit[] {
  const out: OrgUnit[] = [];
  const walk = (id: string) => {
    for (const child of org.children.get(id) ?? []) {
      out.push(child);
      walk(child.id);
    }
  };
  walk(rootId);
  return out;
}

/** Every unit of the tenant as a tree: built once per organisation read (shared like it; never change it). */
export async function getOrganisationTree(ctx: ServiceContext): Promise<UnitNode[]> {
  const org = await organisation(ctx);
  let tree = TREES.get(org);
  if (!tree) TREES.set(org, (tree = buildTree(org.units)));
  return tree;
}

/**
 * The version of the organisation tree this request sees (the same for every instance sharing the store, and
 * new after every change of a unit): a validator for caches of the tree; null where the store cannot tell.
 */
export async function organisationTreeVersion(ctx: ServiceContext): Promise<string | null> {
  const { revision } = await organisation(ctx);
  return revision === null ? null : `${ctx.store.tenantId}|${revision}`;
}
const TREES = new WeakMap<Organisation, UnitNode[]>();

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
