/** The tab talks to the API over HTTP only. In development the user is named in the X-Dev-User header. */
export type ApiError = { error: { code: string; message: string; field?: string } };

export class ApiClient {
  constructor(
    private readonly devUser: string | null,
    private readonly locale: string,
  ) {}

  async get<T>(path: string): Promise<T> {
    const headers: Record<string, string> = { 'Accept-Language': this.locale };
    if (this.devUser) headers['X-Dev-User'] = this.devUser;
    const res = await fetch(`/api${path}`, { headers });
    const body = await res.json();
    if (!res.ok) throw new Error((body as ApiError).error?.message ?? res.statusText);
    return body as T;
  }
}
