import type { ServiceContext } from './context';
import type { DocumentKind } from './entities';
import { ForbiddenError } from './errors';
import { organisation } from './services/organisation';

/**
 * Who may do what: the one place every route, card action and command asks. Roles come from the
 * organisation tree: staff (members of a unit, or of its Entra group where configured), leader (its leaders), chief (the approver of the unit or of
 * any unit above it), quality office (named on the municipality), reader (everyone else in the tenant).
 */
export const ROLES = ['staff', 'leader', 'chief', 'quality_office', 'reader'] as const;
export type Role = (typeof ROLES)[number];

type Ops = { create: readonly Role[]; update: readonly Role[]; delete: readonly Role[] };
const QO = ['quality_office'] as const;

/** Writes per kind of record. Reading is open to every role: agreements are public documents. */
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
  read: ROLES,
  recordMeasurement: ['staff', 'leader', 'quality_office'],
  readAudit: ['leader', 'chief', 'quality_office'],
  approve: ['chief'],
} as const satisfies Record<string, readonly Role[]>;

/** The roles the actor holds for a unit (and through it, for everything of that unit). */
export async function rolesFor(ctx: ServiceContext, unitId: string | null): Promise<Set<Role>> {
  const roles = new Set<Role>(['reader']);
  const { id, authMethod } = ctx.actor;
  // The product's own work (demo data at start, the qa command) acts as the quality office.
  if (authMethod === 'cli') roles.add('quality_office');
  // The organisation from the per-tenant cache, kept current by the store's revision of its units.
  const { byId } = await organisation(ctx);
  const unit = unitId ? byId.get(unitId) : undefined;
  if (unit?.leaderIds.includes(id)) roles.add('leader');
  if (unit?.memberIds.includes(id) || (unit?.memberGroupId && ctx.actor.groupIds?.includes(unit.memberGroupId))) roles.add('staff');
  for (let u = unit; u; u = u.parentId ? byId.get(u.parentId) : undefined) {
    if (u.approverId === id) roles.add('chief');
    if (!u.parentId && u.qualityOfficeIds?.includes(id)) roles.add('quality_office');
  }
  // Quality office of a municipality reaches every unit in it; outside any unit, of any municipality.
  if (!unit) for (const u of byId.values()) if (!u.parentId && u.qualityOfficeIds?.includes(id)) roles.add('quality_office');
  return roles;
}

function refuse(ctx: ServiceContext, what: string): never {
  throw new ForbiddenError(`${ctx.actor.id} may not ${what}`);
}

async function allowed(ctx: ServiceContext, unitId: string | null, needed: readonly Role[]): Promise<boolean> {
  const roles = await rolesFor(ctx, unitId);
  return needed.some((r) => roles.has(r));
}

/** The unit a record belongs to, for deciding who may change it. */
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
      return null;
  }
}

export async function authorizeWrite(ctx: ServiceContext, op: keyof Ops, kind: DocumentKind, record: Record<string, unknown>): Promise<void> {
  const unitId = await unitOfRecord(ctx, kind, record);
  if (!(await allowed(ctx, unitId, WRITE_PERMISSIONS[kind][op]))) refuse(ctx, `${op} ${kind}`);
}

export async function authorizeMeasurement(ctx: ServiceContext, indicator: { goalId: string; ownerId: string | null }): Promise<void> {
  if (indicator.ownerId === ctx.actor.id) return;
  const unitId = (await ctx.store.get('goal', indicator.goalId))?.unitId ?? null;
  if (!(await allowed(ctx, unitId, OTHER_PERMISSIONS.recordMeasurement))) refuse(ctx, 'report this measurement');
}

export async function authorizeAuditRead(ctx: ServiceContext, unitId: string | null): Promise<void> {
  if (!(await allowed(ctx, unitId, OTHER_PERMISSIONS.readAudit))) refuse(ctx, 'read the audit trail');
}

export async function authorizeApproval(ctx: ServiceContext, unitId: string): Promise<void> {
  if (!(await allowed(ctx, unitId, OTHER_PERMISSIONS.approve))) refuse(ctx, 'approve this agreement');
}

/** The role table of docs/roles.md, made from the tables above so the documentation cannot drift. */
export function roleTable(): string {
  const head = `| action | ${ROLES.join(' | ')} |\n|---|${ROLES.map(() => '---').join('|')}|`;
  const row = (name: string, roles: readonly Role[]) => `| ${name} | ${ROLES.map((r) => (roles.includes(r) ? 'yes' : '–')).join(' | ')} |`;
  const rows = [row('read agreements, goals, indicators, measurements, the tree', OTHER_PERMISSIONS.read)];
  for (const [kind, ops] of Object.entries(WRITE_PERMISSIONS)) for (const op of ['create', 'update', 'delete'] as const) rows.push(row(`${op} ${kind}`, ops[op]));
  rows.push(row('report a measurement (also: the indicator owner)', OTHER_PERMISSIONS.recordMeasurement));
  rows.push(row('read the audit trail of a unit', OTHER_PERMISSIONS.readAudit));
  rows.push(row('approve or send back an agreement', OTHER_PERMISSIONS.approve));
  return [head, ...rows].join('\n');
}

/** Importing a municipality's document is the quality office's work (and the product's own, at start). */
export async function authorizeImport(ctx: ServiceContext, municipalityId: string): Promise<void> {
  if (!(await allowed(ctx, municipalityId, ['quality_office']))) refuse(ctx, `import municipality ${municipalityId}`);
}
