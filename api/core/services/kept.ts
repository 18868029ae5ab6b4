import type { CountedKind, TenantStore } from '../port';

/** Tenants a process keeps anything for; past this many it starts again (a process serves a few municipalities). */
const MAX_TENANTS = 1_000;

/**
 * What this instance keeps, between requests, of what it read from a tenant's store: answered again while the store's
 * count of changes to one kind stands where it was (port.ts, revisionOf: one small read, and a write on any instance
 * sharing the store moves it), read afresh after that. Where the store cannot tell (a null revision) nothing is kept.
 *
 * Kept per tenant: a revision names the store it counts in (SQLite: the file's id; SharePoint: the site's list), so
 * two stores of one tenant in a process never answer for each other. Up to `perTenant` keys (years, say) each, the
 * oldest dropped first. What is kept is shared between requests: never change it.
 */
export class KeptWhileCounted<K, T> {
  private readonly tenants = new Map<string, Map<K, { revision: string; value: T }>>();

  constructor(
    private readonly kind: CountedKind,
    private readonly perTenant = 1,
  ) {}

  /**
   * The value kept under `key` if it is still current, else undefined; the store is asked only where something is
   * kept, so that a first read can take revision and records together (TenantStore.listCounted).
   */
  async current(store: TenantStore, key: K): Promise<T | undefined> {
    const kept = this.tenants.get(store.tenantId)?.get(key);
    return kept && (await store.revisionOf(this.kind)) === kept.revision ? kept.value : undefined;
  }

  /** The store's revision now, and the value kept under `key` if it is current at it: what is read next is kept at that revision. */
  async look(store: TenantStore, key: K): Promise<{ value: T | undefined; revision: string | null }> {
    // The revision is read before whatever the caller reads next: a change in between makes the next request read again.
    const revision = await store.revisionOf(this.kind);
    const kept = this.tenants.get(store.tenantId)?.get(key);
    return { value: kept && revision !== null && kept.revision === revision ? kept.value : undefined, revision };
  }

  /** Keeps `value` as read at `revision` (nothing where that is null) and returns it. */
  keep(store: TenantStore, key: K, revision: string | null, value: T): T {
    if (revision === null) return value;
    let keys = this.tenants.get(store.tenantId);
    if (!keys) {
      if (this.tenants.size >= MAX_TENANTS) this.tenants.clear();
      this.tenants.set(store.tenantId, (keys = new Map()));
    }
    keys.delete(key);
    if (keys.size >= this.perTenant) keys.delete(keys.keys().next().value!);
    keys.set(key, { revision, value });
    return value;
  }

  /** The value last kept under `key`, without asking whether it is current: for guesses checked against what is read. */
  last(tenantId: string, key: K): T | undefined {
    return this.tenants.get(tenantId)?.get(key)?.value;
  }

  /** Forgets a tenant's values (after this instance wrote the kind itself, its next read takes the revision along). */
  forget(tenantId: string): void {
    this.tenants.delete(tenantId);
  }
}
