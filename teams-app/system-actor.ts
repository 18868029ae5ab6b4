import type { Actor } from '../api/core/context';

/** The actor for work the product does itself (demo data at start, command-line runs). */
export function systemActor(tenantId: string, authMethod: Actor['authMethod'] = 'cli'): Actor {
  return { id: 'system', tenantId, displayName: 'System', locale: 'en', authMethod };
}
