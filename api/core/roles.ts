/**
 * The roles a person holds for a unit, from the organisation tree (authorization.ts decides who holds which):
 * staff, leader, chief (the approver of the unit or of any unit above it), quality office, tenant admin, reader.
 */
export const ROLES = ['staff', 'leader', 'chief', 'quality_office', 'tenant_admin', 'reader'] as const;
export type Role = (typeof ROLES)[number];

/** A tenant admin acts as the quality office of every municipality of the tenant. */
export const IMPLIED: Partial<Record<Role, readonly Role[]>> = { tenant_admin: ['quality_office'] };

/** Whether someone holding `role` is among `needed`, directly or through a role it implies. */
export const roleMeets = (role: Role, needed: readonly string[]): boolean => needed.includes(role) || (IMPLIED[role] ?? []).some((r) => needed.includes(r));
