import type { ServiceContext } from './context';
import type { EntityKind } from './entities';
import type { AuditEntry } from './model';

/** What an audit entry is: who did what to which record, when, with the record before and after. */
export function auditEntry(ctx: ServiceContext, kind: EntityKind, entityId: string, action: AuditEntry['action'], before: unknown, after: unknown): AuditEntry {
  const at = ctx.now();
  return { id: auditEntryId(at), at: at.toISOString(), actorId: ctx.actor.id, entityKind: kind, entityId, action, before, after };
}

let lastMillisecond = -1;
let sequence = 0;
/**
 * The id of an audit entry: a UUID version 7 (RFC 9562, section 5.7) — the entry's millisecond in its first 48
 * bits, then a counter of the entries this process made in that millisecond (24 bits), then random bits. The
 * trail is ordered by instant, then by id (compareAudit), so entries of one millisecond come newest first as
 * they were made, in both stores.
 */
export function auditEntryId(at: Date): string {
  const ms = at.getTime();
  if (ms === lastMillisecond) sequence = (sequence + 1) % 0x1000000;
  else {
    lastMillisecond = ms;
    sequence = 0;
  }
  const hex = (n: number, digits: number) => n.toString(16).padStart(digits, '0');
  const time = hex(Math.max(0, ms), 12);
  const random = [...globalThis.crypto.getRandomValues(new Uint8Array(6))].map((b) => hex(b, 2)).join('');
  return `${time.slice(0, 8)}-${time.slice(8)}-7${hex(sequence >> 12, 3)}-${hex(0x8000 | (sequence & 0xfff), 4)}-${random}`;
}


/** The audit trail's name for an imported organisation document (its entity id is the municipality's). */
export const IMPORT_ENTITY_KIND = 'organisationDocument';
