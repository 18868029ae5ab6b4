import type { Request } from 'express';
import type { Actor } from '../core/context';
import { DomainError } from '../core/errors';
import { pickLocale } from '../core/i18n';
import { Id } from '../core/model';
import type { Store } from '../core/port';

/** Turns a request into the acting user; Teams SSO plugs in here as a second implementation. */
export interface IdentityResolver {
  readonly mode: 'development' | 'teams-sso';
  resolve(req: Request): Promise<Actor>;
  /**
   * Another system calling with an Entra ID application token (client credentials), where the server has Entra ID
   * sign-in configured: the application as the actor (teams-sso.ts). Without it the system routes answer 401.
   */
  resolveApplication?(req: Request): Promise<Actor & { appId: string }>;
}

export const DEV_USER_HEADER = 'x-dev-user';

/**
 * The development sign-in: the caller names a person id in the X-Dev-User header and is trusted.
 * It exists only when switched on in the configuration, and the server refuses it in production.
 */
export function developmentSignIn(store: Store, tenantId: string): IdentityResolver {
  return {
    mode: 'development',
    async resolve(req) {
      const raw = req.header(DEV_USER_HEADER);
      const parsed = Id.safeParse(raw);
      if (!parsed.success) throw new DomainError('unauthenticated', `development sign-in: send the header X-Dev-User with a person id`, {}, 'X-Dev-User');
      const person = await store.forTenant(tenantId).get('person', parsed.data);
      return {
        id: parsed.data,
        tenantId,
        displayName: person?.displayName ?? parsed.data,
        locale: pickLocale(req.header('accept-language') ?? person?.locale),
        authMethod: 'development',
      };
    },
  };
}
