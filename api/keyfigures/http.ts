import { KeyFigureSourceError } from '../core/services/key-figures';

/** Where the key-figure databases are and how long to wait for them (teams-app/config.ts: KOLADA_URL, STATBANK_URL, KEYFIGURE_TIMEOUT_MS). */
export type KeyFigureHosts = { koladaUrl: string; statbankUrl: string; timeoutMs: number };

/** The real hosts, as the providers document them. */
export const REAL_HOSTS = { koladaUrl: 'https://api.kolada.se', statbankUrl: 'https://api.statbank.dk' } as const;

/**
 * One request to a key-figure database with the platform's fetch: a source that does not answer in time, refuses the
 * connection or answers other than 2xx is a KeyFigureSourceError naming the provider (the run records it and tries
 * again later); the body comes back as text.
 */
export async function request(provider: string, url: string, init: RequestInit, timeoutMs: number): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, redirect: 'error', signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name;
    throw new KeyFigureSourceError(`${provider} did not answer (${cause})`);
  }
  const text = await response.text().catch(() => '');
  if (!response.ok)
    throw new KeyFigureSourceError(`${provider} answered ${response.status}${text ? `: ${text.replace(/\s+/g, ' ').slice(0, 200)}` : ''}`, response.status);
  return text;
}

/** The years from and to, inclusive. */
export const yearsBetween = (fromYear: number, toYear: number): number[] => Array.from({ length: Math.max(0, toYear - fromYear + 1) }, (_, i) => fromYear + i);
