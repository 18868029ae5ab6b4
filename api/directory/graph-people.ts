import type { Client } from '@microsoft/microsoft-graph-client';
import type { DirectoryPerson, PeopleDirectory } from '../core/services/people-search';

/**
 * The tenant's people from Microsoft Entra ID, through Microsoft Graph, for the people picker in Teams:
 * `GET /users?$search="displayName:…" OR "mail:…"` with the header `ConsistencyLevel: eventual`, which $search on
 * directory objects requires (https://learn.microsoft.com/graph/api/user-list, "Use $search to get users with
 * display names that contain the letters 'wa'"; https://learn.microsoft.com/graph/search-query-parameter,
 * "Using $search on directory object collections"; https://learn.microsoft.com/graph/aad-advanced-queries).
 * Graph answers for the tenant of the token only; guests (`userType` Guest) are left out: the municipality's own
 * people are its members. Needs User.ReadBasic.All (delegated, on behalf of the user) or User.Read.All (application).
 */
export function graphPeopleDirectory(client: Client, tenantId: string): PeopleDirectory {
  return {
    tenantId,
    async search(text: string, limit: number): Promise<DirectoryPerson[]> {
      // A clause is "property:value" in double quotes; quotes and backslashes cannot occur in a name we look for.
      const value = text.replace(/["\\]/g, ' ').replace(/\s+/g, ' ').trim();
      if (!value) return [];
      const res = (await client
        .api('/users')
        .header('ConsistencyLevel', 'eventual')
        // The SDK puts query values into the URL as they are: the search text is encoded here (& + # in a name).
        .query({ $search: encodeURIComponent(`"displayName:${value}" OR "mail:${value}"`), $count: 'true' })
        .select(['id', 'displayName', 'mail', 'jobTitle', 'userType'])
        .top(Math.max(1, Math.min(limit, 999)))
        .get()) as { value?: GraphUser[] };
      return (res.value ?? [])
        .filter((u) => u.id && u.displayName && u.userType !== 'Guest')
        .map((u) => ({ id: u.id, displayName: u.displayName!, ...(u.mail ? { email: u.mail } : {}), ...(u.jobTitle ? { jobTitle: u.jobTitle } : {}) }));
    },
  };
}

type GraphUser = { id: string; displayName?: string | null; mail?: string | null; jobTitle?: string | null; userType?: string | null };
