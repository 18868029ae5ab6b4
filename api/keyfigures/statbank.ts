import type { KeyFigureLink } from '../core/model';
import { KeyFigureSourceError, type KeyFigureSource, type KeyFigureValue } from '../core/services/key-figures';
import { request } from './http';

/**
 * Statistics Denmark's StatBank API, as documented at https://www.dst.dk/en/Statistik/hjaelp-til-statistikbanken/api
 * ("Metadata and data"): `POST https://api.statbank.dk/v1/data` with a JSON object naming the `table`, the `format`, the
 * `lang` and the `variables` (`[{"code": "OMRÅDE", "values": ["740"]}, {"code": "Tid", "values": ["*"]}]`, `*` a
 * joker), `valuePresentation` `Code` for codes instead of texts. Format CSV answers one header line of the variables'
 * codes and the content column (INDHOLD) and one line per value, separated by semicolons; with `lang` en the decimal
 * mark is a point (da: a comma); a value not published is "..". Time codes: 2024 (year), 2024K1 (quarter), 2024M03
 * (month).
 */
export function statbankSource(o: { baseUrl: string; timeoutMs: number }): KeyFigureSource {
  const base = o.baseUrl.replace(/\/+$/, '');
  return {
    async values(link: KeyFigureLink, fromYear: number, toYear: number): Promise<KeyFigureValue[]> {
      if (link.provider !== 'statbank') throw new Error('not a StatBank link');
      const body = {
        table: link.table,
        format: 'CSV',
        lang: 'en',
        valuePresentation: 'Code',
        variables: [...link.variables.map((v) => ({ code: v.code, values: [v.value] })), { code: link.timeVariable, values: ['*'] }],
      };
      const text = await request(
        'StatBank',
        `${base}/v1/data`,
        { method: 'POST', headers: { 'content-type': 'application/json', accept: 'text/csv' }, body: JSON.stringify(body) },
        o.timeoutMs,
      );
      return parseCsv(text, link.timeVariable).filter((v) => {
        const year = Number(v.period.slice(0, 4));
        return year >= fromYear && year <= toYear;
      });
    },
  };
}

/** The values of a StatBank CSV answer: the time column by its code, the value in the last column. */
export function parseCsv(text: string, timeVariable: string): KeyFigureValue[] {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  const header = lines[0]?.split(';').map((h) => h.trim().replace(/^"|"$/g, '').toUpperCase());
  const time = header?.indexOf(timeVariable.toUpperCase()) ?? -1;
  if (!header || header.length < 2 || time < 0) throw new KeyFigureSourceError(`StatBank answered without a ${timeVariable} column`);
  const out: KeyFigureValue[] = [];
  for (const line of lines.slice(1)) {
    const cells = line.split(';').map((c) => c.trim().replace(/^"|"$/g, ''));
    const raw = cells[header.length - 1] ?? '';
    const period = cells[time] ?? '';
    const value = raw === '' || raw === '..' || raw === '.' ? null : Number(raw.includes(',') && !raw.includes('.') ? raw.replace(',', '.') : raw);
    if (value !== null && !Number.isFinite(value)) throw new KeyFigureSourceError(`StatBank answered a value that is not a number (${raw.slice(0, 20)})`);
    out.push({ period, value });
  }
  return out;
}
