/** The tab talks to the API over HTTP only. In development the user is named in the X-Dev-User header. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly current?: unknown,
  ) {
    super(message);
  }
}

export type Api = {
  get<T>(path: string): Promise<T>;
  send<T>(method: 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown, revision?: number): Promise<T>;
  /** The raw response of a GET with the sign-in headers and the extra ones (a live stream: Accept: text/event-stream). */
  open?(path: string, headers: Record<string, string>, signal: AbortSignal): Promise<Response>;
  /** POSTs a file as the body (a spreadsheet import), its content type by its kind; answers the JSON reply. */
  upload?<T>(path: string, file: File): Promise<T>;
  /** GETs a file (a spreadsheet export) and saves it in the browser under `fileName`. */
  download?(path: string, fileName: string): Promise<void>;
};

const FILE_TYPES: Record<string, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv',
};

/**
 * Inside Teams every call carries the SSO token (`token`); in a plain browser with the development sign-in
 * the user is named in X-Dev-User.
 */
export function createApi(devUser: string | null, lang: string, token?: () => Promise<string>): Api {
  const headers = (): Record<string, string> => ({ 'Accept-Language': lang, ...(devUser && !token ? { 'X-Dev-User': devUser } : {}) });
  const handle = async <T>(res: Response): Promise<T> => {
    if (res.status === 204) return undefined as T;
    const body = await res.json().catch(() => ({}));
    if (!res.ok) {
      const e = (body as { error?: { code: string; message: string; field?: string; current?: unknown } }).error;
      throw new ApiError(res.status, e?.code ?? 'http_error', e?.message ?? res.statusText, e?.field, e?.current);
    }
    return body as T;
  };
  const auth = async (): Promise<Record<string, string>> => (token ? { ...headers(), Authorization: `Bearer ${await token()}` } : headers());
  return {
    get: async (path) => handle(await fetch(`/api${path}`, { headers: await auth() })),
    open: async (path, extra, signal) => fetch(`/api${path}`, { headers: { ...(await auth()), ...extra }, signal }),
    upload: async <T>(path: string, file: File) =>
      handle<T>(
        await fetch(`/api${path}`, {
          method: 'POST',
          headers: {
            ...(await auth()),
            'Content-Type': FILE_TYPES[file.name.split('.').pop()?.toLowerCase() ?? ''] ?? file.type ?? 'application/octet-stream',
          },
          body: file,
        }),
      ),
    download: async (path, name) => {
      const res = await fetch(`/api${path}`, { headers: await auth() });
      if (!res.ok) await handle(res);
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = name;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    },
    send: async (method, path, body, revision) =>
      handle(
        await fetch(`/api${path}`, {
          method,
          headers: {
            ...(await auth()),
            ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
            ...(revision ? { 'If-Match': `"${revision}"` } : {}),
          },
          body: body === undefined ? undefined : JSON.stringify(body),
        }),
      ),
  };
}
