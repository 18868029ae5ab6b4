import { ConflictError } from '../errors';
import type { Lease } from '../model';
import type { TenantStore } from '../port';

/**
 * A lease held in the store: whoever holds the record named `name` until `expiresAt` does the work it
 * guards (the reminder dispatcher), so several server instances never send the same reminders. Taking and
 * renewing are compare-and-set writes on the record's revision: of two instances racing, one wins.
 * Instances compare expiry with their own clocks, so the lease time must be far above the clock skew.
 */

/** Takes the lease, or renews it when `holder` has it already. Returns the lease, or null when another holds it. */
export async function acquireLease(store: TenantStore, name: string, holder: string, ttlMs: number, now: Date): Promise<Lease | null> {
  const at = now.toISOString();
  const expiresAt = new Date(now.getTime() + ttlMs).toISOString();
  const existing = await store.get('lease', name);
  if (existing && existing.holder !== holder && existing.expiresAt > at) return null;
  const record: Lease = existing
    ? { ...existing, holder, expiresAt, revision: existing.revision + 1, updatedAt: at }
    : { id: name, holder, expiresAt, revision: 1, createdAt: at, updatedAt: at };
  try {
    await store.commit([{ type: 'put', kind: 'lease', record, expectedRevision: existing?.revision ?? null }]);
    return record;
  } catch (err) {
    if (err instanceof ConflictError) return null;
    throw err;
  }
}

/** Gives the lease up at once (on shutdown), so another instance need not wait for it to expire. */
export async function releaseLease(store: TenantStore, name: string, holder: string, now: Date): Promise<void> {
  const existing = await store.get('lease', name);
  if (!existing || existing.holder !== holder) return;
  const at = now.toISOString();
  try {
    await store.commit([
      {
        type: 'put',
        kind: 'lease',
        record: { ...existing, expiresAt: at, revision: existing.revision + 1, updatedAt: at },
        expectedRevision: existing.revision,
      },
    ]);
  } catch (err) {
    if (!(err instanceof ConflictError)) throw err;
  }
}
