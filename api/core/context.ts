import type { Locale } from './model';
import type { TenantStore } from './port';
import { DEFAULT_GRACE_DAYS } from './rules/indicator-status';
import { keepingDerived } from './services/derived-records';

/** Who acts: passed into every use case by the route, card handler or command that calls it. */
export type Actor = {
  id: string;
  tenantId: string;
  displayName: string;
  locale: Locale;
  /** How the actor signed in; 'development' is the explicit development sign-in. */
  authMethod: 'development' | 'teams-sso' | 'bot' | 'cli' | 'application';
  /** An application calling with its own token (another system pushing measurements): its Entra ID application id. */
  appId?: string;
  /** Entra groups the user belongs to (the token's `groups` claim, where the app registration emits it). */
  groupIds?: readonly string[];
};

/**
 * What the municipality configures and the rules judge by, read once by the composition root
 * (teams-app/config.ts) and handed to every use case, so tab, bot, API and reminders judge alike.
 */
export type Settings = {
  /** Days after a period's due date before an unreported measurement is late (REMINDER_GRACE_DAYS). */
  graceDays: number;
  /** People who administer the tenant (TENANT_ADMIN_IDS): create municipalities, act as every municipality's quality office. */
  tenantAdminIds: readonly string[];
};

export const DEFAULT_SETTINGS: Settings = { graceDays: DEFAULT_GRACE_DAYS, tenantAdminIds: [] };

export type ServiceContext = {
  store: TenantStore;
  actor: Actor;
  now: () => Date;
  newId: () => string;
  /** Facts looked up once per request (the organisation tree for authorization); never shared between requests. */
  memo: Map<string, Promise<unknown>>;
  settings: Settings;
};

export function makeContext(store: TenantStore, actor: Actor, now: () => Date = () => new Date(), settings: Partial<Settings> = {}): ServiceContext {
  if (store.tenantId !== actor.tenantId) throw new Error('the store and the actor belong to different tenants');
  // Every use case's writes keep the measurement summaries and agreement roll-ups (services/derived-records.ts).
  return {
    store: keepingDerived(store, now),
    actor,
    now,
    newId: () => globalThis.crypto.randomUUID(),
    memo: new Map(),
    settings: { ...DEFAULT_SETTINGS, ...settings },
  };
}
