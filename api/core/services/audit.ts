import { authorizeAuditRead, unitOfRecord } from '../authorization';
import type { ServiceContext } from '../context';
import { DOCUMENT_KINDS, type DocumentKind } from '../entities';
import type { AuditEntry } from '../model';
import { read, type Page, type PageRequest } from '../port';
import { IMPORT_ENTITY_KIND } from '../audit';

/**
 * The audit trail, newest first. For one record: its unit's leader, the approving chief and the quality
 * office may read it; the whole tenant's trail is for the quality office.
 */
export async function getAuditTrail(ctx: ServiceContext, query: { entityId?: string }, page: PageRequest): Promise<Page<AuditEntry>> {
  let unitId: string | null = null;
  if (query.entityId) {
    const id = query.entityId;
    const [latest] = (await ctx.store.auditTrail({ entityId: id }, { limit: 1 })).items;
    // An import is audited under its municipality: read as the municipality's own trail; a publication under its
    // agreement (its id is the agreement's): read as the agreement's.
    const kindOf = (e: AuditEntry) => (e.entityKind === IMPORT_ENTITY_KIND ? 'unit' : e.entityKind === 'publication' ? 'agreement' : e.entityKind);
    if (latest && (DOCUMENT_KINDS as readonly string[]).includes(kindOf(latest))) {
      const kind = kindOf(latest) as DocumentKind;
      const record = ((await ctx.store.get(kind, id)) ?? latest.before ?? latest.after) as Record<string, unknown> | null;
      if (record) unitId = await unitOfRecord(ctx, kind, record);
    } else if (!latest) {
      // A record not changed since it was imported has no entries of its own yet: its unit still decides.
      const found = await ctx.store.readMany(DOCUMENT_KINDS.map((kind) => read.one(kind, id)));
      const i = found.findIndex((r) => r !== null);
      if (i >= 0) unitId = await unitOfRecord(ctx, DOCUMENT_KINDS[i]!, found[i] as Record<string, unknown>);
    }
  }
  await authorizeAuditRead(ctx, unitId);
  return ctx.store.auditTrail(query, page);
}
