import { createContext, useCallback, useContext, useEffect, useRef, useState } from 'react';
import type { UnitPermissions } from '../../api/core/authorization';
import type { Api } from './api';
import type { Locale } from '../../api/core/i18n/text';
import type { Route } from './route';

export type AppContext = { lang: Locale; api: Api; navigate: (route: Route) => void; me: string | null; inTeams: boolean };
export const Ctx = createContext<AppContext>(null as unknown as AppContext);
export const useApp = () => useContext(Ctx);

/**
 * Loads a resource and keeps it fresh: again when the window regains focus and every 30 seconds, so
 * changes made by others appear without reloading.
 */
export function useResource<T>(path: string | null): { data: T | null; error: Error | null; reload: () => Promise<void>; setData: (t: T) => void } {
  const { api } = useApp();
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const current = useRef(path);
  current.current = path;
  const reload = useCallback(async () => {
    if (!path) return;
    try {
      const d = await api.get<T>(path);
      if (current.current === path) {
        setData(d);
        setError(null);
      }
    } catch (e) {
      if (current.current === path) setError(e as Error);
    }
  }, [api, path]);
  useEffect(() => {
    setData(null);
    void reload();
    const onFocus = () => void reload();
    window.addEventListener('focus', onFocus);
    const timer = setInterval(() => void reload(), 30_000);
    return () => {
      window.removeEventListener('focus', onFocus);
      clearInterval(timer);
    };
  }, [reload]);
  return { data, error, reload, setData };
}

/**
 * What the person acting may do in a unit, from the core (GET /api/units/{id}/permissions): views offer only
 * that, and ask for nothing that would be refused. Null while it loads (offer nothing yet).
 */
export function usePermissions(unitId: string | null | undefined): UnitPermissions | null {
  return useResource<UnitPermissions>(unitId ? `/units/${encodeURIComponent(unitId)}/permissions` : null).data;
}
