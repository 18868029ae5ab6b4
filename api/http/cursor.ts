import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { ValidationError } from '../core/errors';
import type { Page, PageRequest } from '../core/port';

/**
 * The REST API's paging cursors, one codec for every store.
 *
 * A store pages by a position of its own (SQLite: the last id or audit sequence; SharePoint: the
 * `@odata.nextLink` Graph returned, which names the site and the list). A client never sees that position:
 * it gets it sealed with AES-256-GCM, which both hides it (nothing of the site, list or Graph URL can be
 * read from a cursor, even base64-decoded) and authenticates it (a forged or altered cursor fails to
 * open). The query the cursor continues — tenant, kind and filter — is the associated data of the seal:
 * it is not in the cursor, so a cursor presented for another tenant, kind or filter fails to open too.
 * Every failure is the same 400 naming the field `cursor`.
 *
 * Encrypting rather than keeping nextLinks on the server keeps the server stateless: any instance opens a
 * cursor another issued, as long as they share CURSOR_SECRET.
 */

/** The query a cursor belongs to. `kind` is an entity kind or `audit`; `filter` its filter (undefined values ignored). */
export type CursorScope = { tenantId: string; kind: string; filter: Readonly<Record<string, unknown>> };

export type CursorCodec = {
  /** The client's cursor for a store's next position (null stays null). */
  seal(scope: CursorScope, position: string | null): string | null;
  /** The store's position inside a client's cursor; 400 (`cursor`) when it was not issued for this scope. */
  open(scope: CursorScope, cursor: string | null | undefined): string | null;
  /** Runs one page of a store query, opening the request's cursor and sealing the next one. */
  page<T>(scope: CursorScope, page: PageRequest, load: (page: PageRequest) => Promise<Page<T>>): Promise<Page<T>>;
};

const VERSION = 'c1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Longer cursors are refused before any work (a Graph nextLink sealed is well under 2 KB). */
const MAX_CURSOR_CHARS = 4096;

const badCursor = (input: unknown) =>
  new ValidationError([
    { code: 'custom', path: ['cursor'], message: 'cursor is not one this server issued for this list; start again without it', input } as z.core.$ZodIssue,
  ]);

/** The scope as bytes: keys sorted, undefined left out, so the same query always gives the same bytes. */
function scopeBytes(scope: CursorScope): Buffer {
  const filter = Object.keys(scope.filter)
    .filter((k) => scope.filter[k] !== undefined)
    .sort()
    .map((k) => [k, scope.filter[k]]);
  return Buffer.from(JSON.stringify([VERSION, scope.tenantId, scope.kind, filter]), 'utf8');
}

/**
 * A codec keyed by `secret` (CURSOR_SECRET). Without one, a random key per process: cursors then work on
 * one instance until it restarts (a client with an older cursor gets 400 and starts again).
 */
export function cursorCodec(secret?: string): CursorCodec {
  const key = Buffer.from(hkdfSync('sha256', secret ?? randomBytes(32), 'kvalitetsaftaler/cursor', 'aes-256-gcm v1', 32));
  const codec: CursorCodec = {
    seal(scope, position) {
      if (position === null) return null;
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(scopeBytes(scope));
      const body = Buffer.concat([cipher.update(position, 'utf8'), cipher.final()]);
      return `${VERSION}.${Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url')}`;
    },
    open(scope, cursor) {
      if (cursor === null || cursor === undefined || cursor === '') return null;
      if (cursor.length > MAX_CURSOR_CHARS || !cursor.startsWith(`${VERSION}.`)) throw badCursor(cursor.slice(0, 100));
      const raw = Buffer.from(cursor.slice(VERSION.length + 1), 'base64url');
      if (raw.length < IV_BYTES + TAG_BYTES + 1) throw badCursor(cursor.slice(0, 100));
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
        decipher.setAAD(scopeBytes(scope));
        decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
        return Buffer.concat([decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)), decipher.final()]).toString('utf8');
      } catch {
        throw badCursor(cursor.slice(0, 100));
      }
    },
    async page(scope, page, load) {
      const result = await load({ limit: page.limit, cursor: codec.open(scope, page.cursor) });
      return { items: result.items, nextCursor: codec.seal(scope, result.nextCursor) };
    },
  };
  return codec;
}
