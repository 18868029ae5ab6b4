import { z } from 'zod';
import type { KeyFigureLink } from '../core/model';
import { KeyFigureSourceError, type KeyFigureSource, type KeyFigureValue } from '../core/services/key-figures';
import { request, yearsBetween } from './http';

/**
 * Kolada (RKA), API version 2, as documented in https://github.com/Hypergene/kolada (README.rst, "Query data"):
 * `GET /v2/data/kpi/{kpi}/municipality/{id}/year/{years}` for a municipality, `GET /v2/oudata/kpi/{kpi}/ou/{ou}/year/{years}`
 * for an organisational unit, the years comma separated. The answer is `{"values": [...], "count": n, "next_page"?: url}`
 * with at most 5,000 items a page, further pages at the full URL in `next_page`; each item has its `period` and a
 * `values` array of at most three entries, one per gender (T total, K women, M men), each `{"count", "gender",
 * "status", "value"}` with `value` a number or null.
 */

const Page = z
  .object({
    values: z.array(
      z
        .object({
          kpi: z.string(),
          period: z.union([z.string(), z.number()]),
          values: z.array(z.object({ gender: z.string(), value: z.number().nullable() }).passthrough()),
        })
        .passthrough(),
    ),
    count: z.number().optional(),
    next_page: z.string().nullable().optional(),
  })
  .passthrough();

const MAX_PAGES = 20;

export function koladaSource(o: { baseUrl: string; timeoutMs: number }): KeyFigureSource {
  const base = o.baseUrl.replace(/\/+$/, '');
  return {
    async values(link: KeyFigureLink, fromYear: number, toYear: number): Promise<KeyFigureValue[]> {
      if (link.provider !== 'kolada') throw new Error('not a Kolada link');
      const years = yearsBetween(fromYear, toYear).join(',');
      const path =
        link.level === 'ou'
          ? `/v2/oudata/kpi/${encodeURIComponent(link.kpi)}/ou/${encodeURIComponent(link.areaId)}/year/${years}`
          : `/v2/data/kpi/${encodeURIComponent(link.kpi)}/municipality/${encodeURIComponent(link.areaId)}/year/${years}`;
      const out: KeyFigureValue[] = [];
      let url: string | null = `${base}${path}`;
      for (let page = 0; url && page < MAX_PAGES; page++) {
        const text = await request('Kolada', url, { headers: { accept: 'application/json' } }, o.timeoutMs);
        let body: z.infer<typeof Page>;
        try {
          body = Page.parse(JSON.parse(text));
        } catch {
          throw new KeyFigureSourceError('Kolada answered something else than its documented data page');
        }
        for (const item of body.values) {
          if (item.kpi !== link.kpi) continue;
          const v = item.values.find((x) => x.gender === link.gender);
          if (v) out.push({ period: String(item.period), value: v.value });
        }
        // Only pages of the same host are followed: a page elsewhere is not Kolada's answer.
        url = body.next_page ? sameOrigin(base, body.next_page) : null;
      }
      return out;
    },
  };
}

function sameOrigin(base: string, next: string): string {
  const url = new URL(next, base);
  if (url.origin !== new URL(base).origin) throw new KeyFigureSourceError(`Kolada's next page lies on another host (${url.origin})`);
  return url.toString();
}
