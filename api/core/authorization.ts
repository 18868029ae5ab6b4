import type { ServiceContext } from './context';
import { referencesOf, type DocumentKind, type EntityKind } from './entities';
import { ForbiddenError, NotFoundError, ReferenceOutOfScopeError } from './errors';
import { DEFAULT_PUBLISH_ROLES, type Agreement, type Person } from './model';
import { read } from './port';
import { IMPLIED, ROLES, roleMeets, type Role } from './roles';
import { followUpOwners, isChiefOf, lineOf, mayMake, MEASURED_STATUSES, MOVES, PUBLISHED_STATUSES, TRANSITIONS, type Move } from './rules/agreement-life';
import { organisation, type Organisation } from './services/organisation';

/**
 * Who may do what: the one place every route, card action and command asks. Roles come from the
 * organisation tree, never from a field the actor can edit: staff (members of a unit, or of its Entra group
 * where configured), leader (its leaders), chief (the approver of the unit or of any unit above it),
 * quality office (named on the municipality, for that municipality only), tenant admin (configured for the
 * tenant, TENANT_ADMIN_IDS), reader (everyone else in the tenant).
 *
 * Every record lies in one municipality, found from its stored parent chain; every permission is asked of the
 * stored parent's unit, and every reference a record holds must lie in the same municipality.
 */
export { ROLES, type Role } from './roles';

type Ops = { create: readonly Role[]; update: readonly Role[]; delete: readonly Role[] };
const QO = ['quality_office'] as const;

/** Writes per kind of record, for the unit the record lies in. */
export const WRITE_PERMISSIONS: Record<DocumentKind, Ops> = {
  person: { create: QO, update: QO, delete: QO },
  unit: { create: QO, update: QO, delete: QO },
  goalLevel: { create: QO, update: QO, delete: QO },
  wheelEvent: { create: QO, update: QO, delete: QO },
  agreement: { create: ['leader', 'quality_office'], update: ['leader', 'quality_office'], delete: QO },
  goal: { create: ['leader', 'quality_office'], update: ['staff', 'leader', 'quality_office'], delete: ['leader', 'quality_office'] },
  action: { create: ['leader', 'quality_office'], update: ['staff', 'leader', 'quality_office'], delete: ['leader', 'quality_office'] },
  successCriterion: { create: ['leader', 'quality_office'], update: ['leader', 'quality_office'], delete: ['leader', 'quality_office'] },
  indicator: { create: ['leader', 'quality_office'], update: ['leader', 'quality_office'], delete: ['leader', 'quality_office'] },
  measurement: { create: ['staff', 'leader', 'quality_office'], update: ['staff', 'leader', 'quality_office'], delete: ['leader', 'quality_office'] },
};

/** Other actions. The owner of an indicator may always report its measurements. */
export const OTHER_PERMISSIONS = {
  /** An agreement that is not yet approved (draft, submitted), with its goals, indicators and measurements. */
  readDraft: ['staff', 'leader', 'chief', 'quality_office'],
  /** The people directory of a municipality (besides one's own entry). */
  readPeople: ['staff', 'leader', 'chief', 'quality_office'],
  recordMeasurement: ['staff', 'leader', 'quality_office'],
  /** Import goals, indicators and measurements from a spreadsheet (as the organisation import: the quality office). */
  importSpreadsheet: QO,
  /** Read the state of the municipality's key-figure links and fetch them now (docs/keyfigures.md). */
  keyFigures: QO,
  readAudit: ['leader', 'chief', 'quality_office'],
  /** The whole tenant's audit trail, unfiltered. */
  readTenantAudit: ['tenant_admin'],
  /** Create or delete a municipality (a unit without parent), or move a unit to or from the top. */
  manageMunicipality: ['tenant_admin'],
} as const satisfies Record<string, readonly Role[]>;

/** The organisation, from the per-tenant cache kept current by the store's revision of its units. */
export type Org = Organisation;

/** The municipality (root unit) a unit lies in; null for an unknown unit. */
export function municipalityOfUnit(o: Org, unitId: string | null | undefined): string | null {
  let u = unitId ? o.byId.get(unitId) : undefined;
  for (let depth = 0; u?.parentId && depth < 100; depth++) u = o.byId.get(u.parentId);
  return u && !u.parentId ? u.id : null;
}

/** The ids of everyone who holds a role in a unit of the municipality. */
function holdsRoleIn(o: Org, municipalityId: string, personId: string): boolean {
  for (const u of o.byId.values()) {
    if (municipalityOfUnit(o, u.id) !== municipalityId) continue;
    if (u.leaderIds.includes(personId) || u.memberIds.includes(personId) || u.approverId === personId || u.qualityOfficeIds?.includes(personId)) return true;
  }
  return false;
}

/**
 * The municipality a person belongs to: the one named on the record (set by the quality office or the import);
 * for a person stored before that field existed, the one municipality in which they hold a role.
 */
export function municipalityOfPerson(o: Org, person: Pick<Person, 'id' | 'municipalityId'>): string | null {
  if (person.municipalityId) return person.municipalityId;
  const roots = [...o.byId.values()].filter((u) => !u.parentId && holdsRoleIn(o, u.id, person.id));
  return roots.length === 1 ? roots[0]!.id : null;
}

/** The product's own work (demo data at start, the qa command run by the operator) acts as the tenant admin, as do those configured. */
const isTenantAdmin = (ctx: ServiceContext): boolean => ctx.actor.authMethod === 'cli' || ctx.settings.tenantAdminIds.includes(ctx.actor.id);

/**
 * Everything rolesFor judges an actor by besides the organisation: two contexts with the same key hold the same roles
 * in every unit of the same organisation, so what the read policy decided for one holds for the other. For keeping a
 * judgement between requests (services/year-rollups.ts, withheldFrom); change it with rolesFor.
 */
export function readerKey(ctx: ServiceContext): string {
  const { tenantId, id, groupIds } = ctx.actor;
  return JSON.stringify([tenantId, id, isTenantAdmin(ctx), [...(groupIds ?? [])].sort()]);
}

/** The roles the actor holds for a unit (and through it, for everything of that unit). */
export async function rolesFor(ctx: ServiceContext, unitId: string | null): Promise<Set<Role>> {
  const roles = new Set<Role>(['reader']);
  const { id } = ctx.actor;
  if (isTenantAdmin(ctx)) roles.add('tenant_admin');
  // The organisation from the per-tenant cache, kept current by the store's revision of its units.
  const org = await organisation(ctx);
  const unit = unitId ? org.byId.get(unitId) : undefined;
  if (unit?.leaderIds.includes(id)) roles.add('leader');
  if (unit?.memberIds.includes(id) || (unit?.memberGroupId && ctx.actor.groupIds?.includes(unit.memberGroupId))) roles.add('staff');
  if (unitId && isChiefOf(org, unitId, id)) roles.add('chief');
  const root = unitId ? lineOf(org, unitId).at(-1) : undefined;
  if (root && !root.parentId && root.qualityOfficeIds?.includes(id)) roles.add('quality_office');
  for (const r of [...roles]) for (const implied of IMPLIED[r] ?? []) roles.add(implied);
  return roles;
}

function refuse(ctx: ServiceContext, what: string): never {
  throw new ForbiddenError(`${ctx.actor.id} may not ${what}`);
}

async function allowed(ctx: ServiceContext, unitId: string | null, needed: readonly Role[]): Promise<boolean> {
  const roles = await rolesFor(ctx, unitId);
  return needed.some((r) => roles.has(r));
}

/** What the actor may do in one unit, read from the tables above: a view offers only these (never a copy of the rule). */
/**
 * `moves`: the agreement moves the actor's roles allow in some state (the transitions table); signing is left out,
 * since it depends on the agreement's parties, not on a role in the unit.
 */
export type UnitPermissions = { write: Record<DocumentKind, Record<keyof Ops, boolean>>; moves: Record<UnitMove, boolean> } & Record<
  keyof typeof OTHER_PERMISSIONS,
  boolean
>;
export type UnitMove = Exclude<Move, 'sign'>;
export const UNIT_MOVES = MOVES.filter((m): m is UnitMove => m !== 'sign');

async function permissionsIn(ctx: ServiceContext, unitId: string | null): Promise<UnitPermissions> {
  const roles = await rolesFor(ctx, unitId);
  const has = (needed: readonly Role[]) => needed.some((r) => roles.has(r));
  const write = Object.fromEntries(
    Object.entries(WRITE_PERMISSIONS).map(([kind, ops]) => [kind, { create: has(ops.create), update: has(ops.update), delete: has(ops.delete) }]),
  ) as UnitPermissions['write'];
  const moves = Object.fromEntries(UNIT_MOVES.map((m) => [m, mayMake(m, (who) => who !== 'signer' && roles.has(who))])) as UnitPermissions['moves'];
  const other = Object.fromEntries(Object.entries(OTHER_PERMISSIONS).map(([p, needed]) => [p, has(needed)])) as Omit<UnitPermissions, 'write' | 'moves'>;
  return { write, moves, ...other };
}

/**
 * The unit a record lies in, for deciding who may change it: found through its stored parent (a goal's
 * unit is its agreement's, copied by the core; an indicator's is its goal's). A municipality lies in itself.
 */
export async function unitOfRecord(ctx: ServiceContext, kind: DocumentKind, record: Record<string, unknown>): Promise<string | null> {
  switch (kind) {
    case 'unit':
      return (record.parentId as string | null) ?? (record.id as string);
    case 'agreement':
    case 'goal':
    case 'wheelEvent':
      return record.unitId as string;
    case 'goalLevel':
      return record.municipalityId as string;
    case 'action':
    case 'successCriterion':
    case 'indicator':
      return (await ctx.store.get('goal', record.goalId as string))?.unitId ?? null;
    case 'measurement': {
      const indicator = await ctx.store.get('indicator', record.indicatorId as string);
      return indicator ? ((await ctx.store.get('goal', indicator.goalId))?.unitId ?? null) : null;
    }
    case 'person':
      return municipalityOfPerson(await organisation(ctx), record as Pick<Person, 'id' | 'municipalityId'>);
  }
}

const isMunicipality = (kind: DocumentKind, record: Record<string, unknown> | null) => kind === 'unit' && record !== null && record.parentId === null;

/**
 * A write of `kind`: asked of the unit the record lies in before (`before`, on update and delete) and after
 * (on create and update), so moving a record needs rights over both places. Creating or deleting a
 * municipality, or moving a unit to or from the top, is the tenant admin's.
 */
export async function authorizeWrite(
  ctx: ServiceContext,
  op: keyof Ops,
  kind: DocumentKind,
  after: Record<string, unknown> | null,
  before: Record<string, unknown> | null = null,
): Promise<void> {
  const topChanges = op === 'update' ? isMunicipality(kind, before) !== isMunicipality(kind, after) : isMunicipality(kind, after ?? before);
  if (topChanges && !(await allowed(ctx, null, OTHER_PERMISSIONS.manageMunicipality))) refuse(ctx, `${op} a municipality`);
  for (const record of [before, after]) {
    if (!record) continue;
    const unitId = await unitOfRecord(ctx, kind, record);
    if (!(await allowed(ctx, unitId, WRITE_PERMISSIONS[kind][op]))) refuse(ctx, `${op} ${kind}`);
  }
}

/** A resolver of records written in the same operation (an import), looked up before the store. */
export type Pending = (kind: EntityKind, id: string) => Record<string, unknown> | undefined;

/** The municipality a referenced record lies in. */
async function municipalityOfRef(ctx: ServiceContext, o: Org, kind: EntityKind, id: string, pending?: Pending): Promise<string | null> {
  const get = async <K extends EntityKind>(k: K, i: string) => (pending?.(k, i) ?? (await ctx.store.get(k, i))) as Record<string, unknown> | null;
  switch (kind) {
    case 'unit':
      return pending?.('unit', id) ? municipalityOfPending(o, id, pending) : municipalityOfUnit(o, id);
    case 'person': {
      const p = await get('person', id);
      return p ? municipalityOfPerson(o, p as Pick<Person, 'id' | 'municipalityId'>) : null;
    }
    case 'goalLevel':
      return ((await get('goalLevel', id))?.municipalityId as string | undefined) ?? null;
    case 'agreement':
    case 'goal': {
      const r = await get(kind, id);
      return r ? municipalityOfRef(ctx, o, 'unit', r.unitId as string, pending) : null;
    }
    case 'indicator': {
      const r = await get('indicator', id);
      return r ? municipalityOfRef(ctx, o, 'goal', r.goalId as string, pending) : null;
    }
    default:
      return null;
  }
}

function municipalityOfPending(o: Org, unitId: string, pending: Pending): string | null {
  let id: string | null = unitId;
  for (let depth = 0; id && depth < 100; depth++) {
    const u = (pending('unit', id) ?? o.byId.get(id)) as { id: string; parentId: string | null } | undefined;
    if (!u) return null;
    if (!u.parentId) return u.id;
    id = u.parentId;
  }
  return null;
}

/**
 * Every reference of a record (its parent, the people it names, the goals it links to) must lie in the
 * record's own municipality: refused with the field named otherwise. `home` is that municipality.
 */
export async function authorizeReferences(
  ctx: ServiceContext,
  kind: EntityKind,
  record: Record<string, unknown>,
  home: string | null,
  pending?: Pending,
): Promise<void> {
  const o = await organisation(ctx);
  for (const ref of referencesOf(kind, record)) {
    const m = await municipalityOfRef(ctx, o, ref.kind, ref.id, pending);
    if (!home || m !== home) throw new ReferenceOutOfScopeError(ref.field, ref.kind, ref.id);
  }
}

/** The municipality a record lies in (a municipality lies in itself). */
export async function municipalityOfRecord(ctx: ServiceContext, kind: DocumentKind, record: Record<string, unknown>): Promise<string | null> {
  if (kind === 'person') return (record.municipalityId as string | undefined) ?? unitOfRecord(ctx, kind, record);
  if (kind === 'goalLevel') return record.municipalityId as string;
  const o = await organisation(ctx);
  if (kind === 'unit') return record.parentId === null ? (record.id as string) : municipalityOfUnit(o, record.parentId as string);
  return municipalityOfUnit(o, await unitOfRecord(ctx, kind, record));
}

/**
 * Who may report a value of an indicator: its owner, whoever holds the right in the goal's unit, and a party who owns
 * the agreement's follow-up by delegation (agreement-life.ts, followUpOwners: they receive its reminders).
 */
export async function authorizeMeasurement(
  ctx: ServiceContext,
  indicator: { goalId: string; ownerId: string | null; agreementId?: string | null },
): Promise<void> {
  if (indicator.ownerId === ctx.actor.id) return;
  const unitId = (await ctx.store.get('goal', indicator.goalId))?.unitId ?? null;
  if (await allowed(ctx, unitId, OTHER_PERMISSIONS.recordMeasurement)) return;
  // Asked last, so the usual reporter costs no read more.
  const agreement = indicator.agreementId ? await ctx.store.get('agreement', indicator.agreementId) : null;
  if (agreement && MEASURED_STATUSES.has(agreement.status) && followUpOwners(agreement).includes(ctx.actor.id)) return;
  refuse(ctx, 'report this measurement');
}

/** The audit trail of a record's unit; without a unit (the whole tenant's trail), the tenant admin's. */
export async function authorizeAuditRead(ctx: ServiceContext, unitId: string | null): Promise<void> {
  const needed = unitId ? OTHER_PERMISSIONS.readAudit : OTHER_PERMISSIONS.readTenantAudit;
  if (!(await allowed(ctx, unitId, needed))) refuse(ctx, 'read the audit trail');
}

// ---- Reading -------------------------------------------------------------------------------------------

/** Whether the actor may read an agreement (and everything in it): published ones everyone, drafts only its people. */
export async function mayReadAgreement(ctx: ServiceContext, a: Pick<Agreement, 'unitId' | 'status'>): Promise<boolean> {
  return PUBLISHED_STATUSES.has(a.status) || allowed(ctx, a.unitId, OTHER_PERMISSIONS.readDraft);
}

export async function authorizeAgreementRead(ctx: ServiceContext, a: Pick<Agreement, 'id' | 'unitId' | 'status'>): Promise<void> {
  if (!(await mayReadAgreement(ctx, a))) refuse(ctx, `read agreement ${a.id} before it is approved`);
}

/** The municipalities in which the actor holds a role in some unit (staff, leader, chief or quality office). */
function municipalitiesOfActor(ctx: ServiceContext, o: Org): Promise<Set<string>> {
  let found = ctx.memo.get('actor-municipalities') as Promise<Set<string>> | undefined;
  if (!found) {
    const { id, groupIds } = ctx.actor;
    const out = new Set<string>();
    for (const u of o.byId.values()) {
      const member = u.memberIds.includes(id) || (u.memberGroupId !== undefined && groupIds?.includes(u.memberGroupId));
      if (member || u.leaderIds.includes(id) || u.approverId === id || u.qualityOfficeIds?.includes(id)) {
        const m = municipalityOfUnit(o, u.id);
        if (m) out.add(m);
      }
    }
    found = Promise.resolve(out);
    ctx.memo.set('actor-municipalities', found);
  }
  return found;
}

/** The municipality whose quality office the actor is, when exactly one: where a new person goes by default. */
export async function ownMunicipality(ctx: ServiceContext): Promise<string | null> {
  const roots = [...(await organisation(ctx)).byId.values()].filter((u) => !u.parentId && u.qualityOfficeIds?.includes(ctx.actor.id));
  return roots.length === 1 ? roots[0]!.id : null;
}

/** Whether the actor may read a person's entry: their own, or any of a municipality where they hold a role. */
async function mayReadPerson(ctx: ServiceContext, o: Org, person: Pick<Person, 'id' | 'municipalityId'>): Promise<boolean> {
  if (person.id === ctx.actor.id || (await rolesFor(ctx, null)).has('tenant_admin')) return true;
  const m = municipalityOfPerson(o, person);
  return m !== null && (await municipalitiesOfActor(ctx, o)).has(m);
}

/**
 * The records of a list the actor may read: agreements and everything in them by the agreement's state
 * (`mayReadAgreement`), people by the directory rule (`mayReadPerson`); the organisation, goal levels and the
 * annual wheel are open to everyone in the tenant. One read for the agreements of the whole list.
 */
export async function readableOnly<T extends Record<string, unknown>>(ctx: ServiceContext, kind: EntityKind, items: readonly T[]): Promise<T[]> {
  if (kind === 'person') {
    const o = await organisation(ctx);
    const keep = await Promise.all(items.map((p) => mayReadPerson(ctx, o, p as unknown as Person)));
    return items.filter((_, i) => keep[i]);
  }
  const agreementIdOf = (r: T): string | null | undefined =>
    kind === 'agreement' || kind === 'agreementVersion'
      ? ((kind === 'agreement' ? r.id : r.agreementId) as string)
      : AGREEMENT_BOUND.has(kind)
        ? (r.agreementId as string | null)
        : undefined;
  if (!items.some((r) => agreementIdOf(r))) return [...items];
  const ids = [...new Set(items.map(agreementIdOf).filter((x): x is string => !!x))];
  const [agreements] = kind === 'agreement' ? [items as unknown as Agreement[]] : await ctx.store.readMany([read.ids('agreement', ids)]);
  const verdict = new Map<string, boolean>();
  // A published agreement is everyone's without asking for roles (a roll-up of a whole municipality judges 1,500).
  for (const a of agreements) verdict.set(a.id, PUBLISHED_STATUSES.has(a.status) || (await mayReadAgreement(ctx, a)));
  return items.filter((r) => {
    const id = agreementIdOf(r);
    return !id || verdict.get(id) === true;
  });
}

/** Kinds that belong to an agreement through their `agreementId` (null: the municipality's own goals, open to all). */
const AGREEMENT_BOUND: ReadonlySet<EntityKind> = new Set(['goal', 'action', 'successCriterion', 'indicator', 'measurement']);

/** One record, read through the read policy: refused (403) when the actor may not read it. */
export async function authorizeRecordRead(ctx: ServiceContext, kind: EntityKind, record: Record<string, unknown>): Promise<void> {
  if ((await readableOnly(ctx, kind, [record])).length === 0) refuse(ctx, `read ${kind} ${String(record.id)}`);
}

/** What the actor may do in a unit they may see (GET /api/units/{id}/permissions): the tab offers only that. */
export async function permissionsInUnit(ctx: ServiceContext, unitId: string): Promise<UnitPermissions> {
  const unit = (await organisation(ctx)).byId.get(unitId);
  if (!unit) throw new NotFoundError('unit', unitId);
  await authorizeRecordRead(ctx, 'unit', unit);
  return permissionsIn(ctx, unitId);
}

// ---- The documentation ---------------------------------------------------------------------------------

/** The role table of docs/roles.md, made from the tables above so the documentation cannot drift. */
export function roleTable(): string {
  const head = `| action | ${ROLES.join(' | ')} |\n|---|${ROLES.map(() => '---').join('|')}|`;
  const row = (name: string, roles: readonly Role[]) => `| ${name} | ${ROLES.map((r) => (roleMeets(r, roles) ? 'yes' : '–')).join(' | ')} |`;
  const rows = [
    row('read published agreements (approved, in effect, year-end, closed), the tree, goal levels, the annual wheel', ROLES),
    row('read an agreement before it is approved (draft, submitted), with its goals, indicators and measurements', OTHER_PERMISSIONS.readDraft),
    row('read the people of the municipality (everyone reads their own entry)', OTHER_PERMISSIONS.readPeople),
  ];
  for (const [kind, ops] of Object.entries(WRITE_PERMISSIONS))
    for (const op of ['create', 'update', 'delete'] as const) rows.push(row(`${op} ${kind}`, ops[op]));
  rows.push(row('report a measurement (also: the indicator owner)', OTHER_PERMISSIONS.recordMeasurement));
  rows.push(row('import goals, indicators and measurements from a spreadsheet (docs/spreadsheet.md)', OTHER_PERMISSIONS.importSpreadsheet));
  rows.push(row("read the state of the municipality's key-figure links and fetch them now (docs/keyfigures.md)", OTHER_PERMISSIONS.keyFigures));
  rows.push(row('read the audit trail of a unit', OTHER_PERMISSIONS.readAudit));
  rows.push(row("read the whole tenant's audit trail", OTHER_PERMISSIONS.readTenantAudit));
  // The agreement's moves are the transitions table's (docs/lifecycle.md); approving is shown here too.
  rows.push(
    row(
      'approve or send back an agreement',
      TRANSITIONS.filter((t) => t.move === 'approve').flatMap((t) => t.who.filter((w): w is Role => w !== 'signer')),
    ),
  );
  rows.push(
    row('publish or unpublish an approved agreement on the public pages (default; the municipality names its own in `publishRoles`)', DEFAULT_PUBLISH_ROLES),
  );
  rows.push(row('create or delete a municipality', OTHER_PERMISSIONS.manageMunicipality));
  return [head, ...rows].join('\n');
}

/**
 * Importing a municipality's document is the quality office's work (and the operator's, at start and through
 * the qa command); a document for a municipality not yet in the tenant creates one: the tenant admin's.
 */
export async function authorizeImport(ctx: ServiceContext, municipalityId: string): Promise<void> {
  const exists = (await organisation(ctx)).byId.has(municipalityId);
  const needed = exists ? QO : OTHER_PERMISSIONS.manageMunicipality;
  if (!(await allowed(ctx, exists ? municipalityId : null, needed))) refuse(ctx, `import municipality ${municipalityId}`);
}

/** The state of a municipality's key-figure links, and fetching them now: its quality office's. */
export async function authorizeKeyFigures(ctx: ServiceContext, municipalityId: string): Promise<void> {
  const unit = (await organisation(ctx)).byId.get(municipalityId);
  if (!unit || unit.parentId) throw new NotFoundError('unit', municipalityId);
  if (!(await allowed(ctx, municipalityId, OTHER_PERMISSIONS.keyFigures))) refuse(ctx, `read or run the key figures of ${municipalityId}`);
}
