import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Cell, Grid, GridSheet } from '../core/sheet';

/**
 * Excel workbooks and CSV files as the core's Grid (api/core/sheet.ts), read and written with exceljs. The only
 * place that knows a file format: the core maps rows to records, this maps bytes to rows.
 */
export type SheetFormat = 'xlsx' | 'csv';
export const SHEET_CONTENT_TYPES: Record<SheetFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv',
};
/** The format of an upload by its content type or file name. */
export function formatOf(contentType: string | undefined, fileName = ''): SheetFormat | null {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === SHEET_CONTENT_TYPES.xlsx || /\.xlsx$/i.test(fileName)) return 'xlsx';
  if (type === 'text/csv' || type === 'application/csv' || /\.csv$/i.test(fileName)) return 'csv';
  return null;
}

/** A sheet larger than this is refused (a goal table has tens of rows, a year of monthly values tens of columns). */
const MAX_ROWS = 10_000;
const MAX_COLUMNS = 500;

export class WorkbookReadError extends Error {}

const XLSX_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/** Reads every sheet of a workbook, or the one sheet of a CSV file (named `csvSheetName`). */
export async function readWorkbook(bytes: Buffer, format: SheetFormat, csvSheetName: string): Promise<Grid> {
  const wb = new ExcelJS.Workbook();
  try {
    if (format === 'xlsx') {
      if (!bytes.subarray(0, 4).equals(XLSX_MAGIC)) throw new WorkbookReadError('not an Excel workbook (.xlsx)');
      await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    } else {
      const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
      await wb.csv.read(Readable.from([text]), {
        sheetName: csvSheetName,
        // Every field as written (exceljs would turn "2026-03" into a date and "007" into 7).
        map: (datum: string) => (datum === '' ? null : datum),
        parserOptions: { delimiter: delimiterOf(text) },
      } as never);
    }
  } catch (e) {
    throw e instanceof WorkbookReadError ? e : new WorkbookReadError((e as Error).message);
  }
  return { sheets: wb.worksheets.map(sheetOf) };
}

function sheetOf(ws: ExcelJS.Worksheet): GridSheet {
  if (ws.rowCount > MAX_ROWS) throw new WorkbookReadError(`sheet ${ws.name} has more than ${MAX_ROWS} rows`);
  if (ws.columnCount > MAX_COLUMNS) throw new WorkbookReadError(`sheet ${ws.name} has more than ${MAX_COLUMNS} columns`);
  const rows: Cell[][] = [];
  for (let r = 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const cells: Cell[] = [];
    for (let c = 1; c <= ws.columnCount; c++) cells.push(cellOf(row.getCell(c).value));
    rows.push(cells);
  }
  return { name: ws.name, rows };
}

function cellOf(v: ExcelJS.CellValue): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'string') return v;
  if (typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if ('richText' in v) return v.richText.map((p) => p.text).join('');
  if ('formula' in v || 'sharedFormula' in v) return cellOf((v as { result?: ExcelJS.CellValue }).result ?? null);
  if ('hyperlink' in v) return cellOf((v as { text: ExcelJS.CellValue }).text);
  if ('error' in v) return String(v.error);
  return null;
}

/** The field separator a CSV file uses: Excel in Danish and Swedish writes ";", in English ","; tab-separated text works too. */
function delimiterOf(text: string): string {
  const first = (text.split(/\r?\n/, 1)[0] ?? '').replace(/"[^"]*"/g, '');
  const count = (ch: string) => first.split(ch).length - 1;
  return [';', '\t', ','].reduce((best, ch) => (count(ch) > count(best) ? ch : best), ',');
}

/** Writes the grid as a workbook (headings bold, the heading row frozen) or, its first sheet, as CSV (UTF-8 with BOM, ";"). */
export async function writeWorkbook(grid: Grid, format: SheetFormat): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Kvalitetsaftaler';
  for (const sheet of grid.sheets) {
    const ws = wb.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    // CSV: every row as wide as the heading row (exceljs leaves trailing empty cells out).
    const width = Math.max(0, ...sheet.rows.map((r) => r.length));
    ws.addRows(format === 'csv' ? sheet.rows.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? '')) : sheet.rows);
    ws.getRow(1).font = { bold: true };
    for (let c = 1; c <= width; c++) {
      const longest = Math.max(...sheet.rows.map((r) => String(r[c - 1] ?? '').length));
      const column = ws.getColumn(c);
      column.width = Math.min(60, Math.max(10, longest + 2));
      column.alignment = { wrapText: true, vertical: 'top' };
    }
  }
  if (format === 'csv')
    return Buffer.from(await wb.csv.writeBuffer({ sheetName: grid.sheets[0]?.name, formatterOptions: { delimiter: ';', writeBOM: true } } as never));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
