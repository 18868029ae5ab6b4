import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { DocumentEntry, DocumentSource } from '../api/core/transfer';

/**
 * An organisation document read from a JSON file record by record, never whole: `qa import` reads it twice
 * (validate, then write) and holds one record at a time (api/core/services/transfer.ts).
 *
 * The document's skeleton — one object whose fields are values or arrays of records — is read here byte by
 * byte; every value in it (each record, each other field) is handed to JSON.parse, so every value is checked
 * exactly as JSON.parse checks a whole file. Streaming JSON libraries from npm were measured on the generated
 * 145 MB municipality and were 3–5 times slower than this (@streamparser/json 0.0.26: 39–59 s per pass on the
 * loaded machine where this took 12–18 s), too slow for two passes within the import's 2 minutes.
 */

/** The file is not JSON, or not a JSON object, at `offset` (bytes from the start). */
export class DocumentReadError extends Error {}

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);
const CHUNK = 1 << 20;

/** Bytes of the file, chunk by chunk, with a window that keeps what is not consumed yet. */
class Bytes {
  buf: Buffer = Buffer.alloc(0);
  /** Offset of buf[0] in the file. */
  base = 0;
  private readonly chunks: AsyncIterator<Buffer>;
  private done = false;
  private readonly hash = createHash('sha256');

  constructor(path: string) {
    this.chunks = createReadStream(path, { highWaterMark: CHUNK })[Symbol.asyncIterator]();
  }

  /** Reads one more chunk, dropping what lies before `keep`; false at the end of the file. */
  async more(keep: number): Promise<boolean> {
    if (this.done) return false;
    const next = await this.chunks.next();
    if (next.done) {
      this.done = true;
      return false;
    }
    this.hash.update(next.value);
    this.base += keep;
    this.buf = keep < this.buf.length ? Buffer.concat([this.buf.subarray(keep), next.value]) : next.value;
    return true;
  }

  digest(): string {
    return this.hash.digest('hex');
  }

  async close(): Promise<void> {
    await this.chunks.return?.();
  }
}

/**
 * Reads `path` as an organisation document. `sha256` is the hash of the bytes as the caller read them first:
 * a pass that reads different bytes (the file changed meanwhile) fails, so a write never mixes two versions.
 */
export function documentFile(path: string, sha256: string): DocumentSource {
  return {
    entries: (wanted) => readEntries(path, sha256, wanted),
  };
}

async function* readEntries(path: string, sha256: string, wanted: (collection: string) => boolean): AsyncGenerator<DocumentEntry> {
  const b = new Bytes(path);
  let pos = 0;
  const fail = (what: string): never => {
    throw new DocumentReadError(`${what} at byte ${b.base + pos}`);
  };
  /** The next byte that is not white space, reading on as needed; -1 at the end of the file. */
  const peek = async (): Promise<number> => {
    for (;;) {
      while (pos < b.buf.length && WS.has(b.buf[pos]!)) pos++;
      if (pos < b.buf.length) return b.buf[pos]!;
      const had = b.buf.length;
      if (!(await b.more(had))) return -1;
      pos -= had;
    }
  };
  /** The end (exclusive) of the value starting at pos, reading on as needed; the value is then b.buf[pos, end). */
  const valueEnd = async (): Promise<number> => {
    let depth = 0;
    let inString = false;
    let escaped = false;
    const first = b.buf[pos]!;
    const scalar = first !== 0x7b && first !== 0x5b && first !== 0x22;
    let i = pos;
    for (;;) {
      const buf = b.buf;
      for (; i < buf.length; i++) {
        const c = buf[i]!;
        if (inString) {
          if (escaped) escaped = false;
          else if (c === 0x5c) escaped = true;
          else if (c === 0x22) {
            inString = false;
            if (depth === 0) return i + 1;
          }
        } else if (scalar) {
          if (c === 0x2c || c === 0x5d || c === 0x7d || WS.has(c)) return i;
        } else if (c === 0x22) inString = true;
        else if (c === 0x7b || c === 0x5b) depth++;
        else if (c === 0x7d || c === 0x5d) {
          if (--depth === 0) return i + 1;
        }
      }
      // Keep the value's start; what lies before it is done with.
      const keep = pos;
      if (!(await b.more(keep))) return scalar ? i : fail('the document ends inside a value');
      i -= keep;
      pos = 0;
    }
  };
  /** The value at pos, parsed (or skipped: undefined), and pos moved past it. */
  const value = async (parse: boolean): Promise<unknown> => {
    const end = await valueEnd();
    const at = pos;
    if (end === at) fail('expected a value');
    pos = end;
    if (!parse) return undefined;
    try {
      return JSON.parse(b.buf.toString('utf8', at, end));
    } catch (e) {
      pos = at;
      return fail(`not JSON (${(e as Error).message})`);
    }
  };
  const expect = async (byte: number, what: string) => {
    if ((await peek()) !== byte) fail(`expected ${what}`);
    pos++;
  };
  try {
    await b.more(0);
    await expect(0x7b, 'a JSON object');
    if ((await peek()) === 0x7d) pos++;
    else
      for (;;) {
        if ((await peek()) !== 0x22) fail('expected the name of a field');
        const key = (await value(true)) as string;
        await expect(0x3a, '":"');
        if ((await peek()) === 0x5b) {
          pos++;
          const parse = wanted(key);
          let index = 0;
          if ((await peek()) === 0x5d) pos++;
          else
            for (;;) {
              if ((await peek()) === -1) fail('the document ends inside a list');
              const record = await value(parse);
              if (parse) yield { key, index, value: record };
              index++;
              const next = await peek();
              pos++;
              if (next === 0x5d) break;
              if (next !== 0x2c) {
                pos--;
                fail('expected "," or "]"');
              }
            }
        } else {
          if ((await peek()) === -1) fail('the document ends before a value');
          yield { key, value: await value(true) };
        }
        const next = await peek();
        pos++;
        if (next === 0x7d) break;
        if (next !== 0x2c) {
          pos--;
          fail('expected "," or "}"');
        }
      }
    if ((await peek()) !== -1) fail('unexpected text after the document');
    if (b.digest() !== sha256) throw new DocumentReadError('the file changed while it was being imported');
  } finally {
    await b.close();
  }
}

/** The SHA-256 of a file's bytes, read as a stream. */
export async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: CHUNK })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
