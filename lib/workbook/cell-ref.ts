/** A1-style address helpers shared by the workbook renderer, evaluator and importers. */

export interface CellPos {
  row: number; // 1-based
  col: number; // 1-based
}

export interface RangePos {
  from: CellPos;
  to: CellPos;
}

export const MAX_ROWS = 1_048_576;
export const MAX_COLS = 16_384;

const ADDRESS_RE = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/;

export function columnToNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

export function numberToColumn(n: number): string {
  let s = '';
  let x = n;
  while (x > 0) {
    const r = (x - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    x = Math.floor((x - 1) / 26);
  }
  return s;
}

export function parseAddress(address: string): CellPos {
  const m = ADDRESS_RE.exec(address.trim());
  if (!m) throw new Error(`Invalid cell address "${address}"`);
  const col = columnToNumber(m[1]!);
  const row = Number(m[2]);
  if (row < 1 || row > MAX_ROWS || col < 1 || col > MAX_COLS) {
    throw new Error(`Cell address out of bounds "${address}"`);
  }
  return { row, col };
}

/**
 * row * 16384 + col for an A1 address (no "$", upper or lower case), without allocating;
 * throws like parseAddress on anything else. Used on the hot paths of large sheets.
 */
export function addressKey(address: string): number {
  let col = 0;
  let i = 0;
  const n = address.length;
  for (; i < n; i++) {
    let ch = address.charCodeAt(i);
    if (ch >= 97 && ch <= 122) ch -= 32;
    if (ch < 65 || ch > 90) break;
    col = col * 26 + (ch - 64);
  }
  if (i === 0 || i > 3 || i === n) return parseAddressKeySlow(address);
  let row = 0;
  for (let j = i; j < n; j++) {
    const ch = address.charCodeAt(j);
    if (ch < 48 || ch > 57) return parseAddressKeySlow(address);
    row = row * 10 + (ch - 48);
  }
  if (row < 1 || row > MAX_ROWS || col > MAX_COLS) return parseAddressKeySlow(address);
  return row * 16384 + col;
}

function parseAddressKeySlow(address: string): number {
  const p = parseAddress(address);
  return p.row * 16384 + p.col;
}

export function isAddress(address: string): boolean {
  const m = ADDRESS_RE.exec(address.trim());
  if (!m) return false;
  const col = columnToNumber(m[1]!);
  const row = Number(m[2]);
  return row >= 1 && row <= MAX_ROWS && col >= 1 && col <= MAX_COLS;
}

export function toAddress(pos: CellPos): string {
  return `${numberToColumn(pos.col)}${pos.row}`;
}

/** Parses "A1:C3" (or a single "A1") into a normalised range. */
export function parseRange(range: string): RangePos {
  const parts = range.trim().split(':');
  if (parts.length === 1) {
    const p = parseAddress(parts[0]!);
    return { from: p, to: p };
  }
  if (parts.length !== 2) throw new Error(`Invalid range "${range}"`);
  const a = parseAddress(parts[0]!);
  const b = parseAddress(parts[1]!);
  return {
    from: { row: Math.min(a.row, b.row), col: Math.min(a.col, b.col) },
    to: { row: Math.max(a.row, b.row), col: Math.max(a.col, b.col) },
  };
}

export function isRange(range: string): boolean {
  try {
    parseRange(range);
    return true;
  } catch {
    return false;
  }
}

export function toRange(r: RangePos): string {
  const a = toAddress(r.from);
  const b = toAddress(r.to);
  return a === b ? a : `${a}:${b}`;
}

export interface SheetRangeRef extends RangePos {
  sheet: string | undefined;
}

/** Parses "Sheet 1!A1:B3", "'My sheet'!A1" or "A1:B3". */
export function parseSheetRange(ref: string): SheetRangeRef {
  const trimmed = ref.trim();
  const bang = trimmed.lastIndexOf('!');
  if (bang < 0) return { sheet: undefined, ...parseRange(trimmed) };
  let sheet = trimmed.slice(0, bang);
  if (sheet.startsWith("'") && sheet.endsWith("'")) sheet = sheet.slice(1, -1).replace(/''/g, "'");
  return { sheet, ...parseRange(trimmed.slice(bang + 1)) };
}

export function quoteSheetName(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) && !isAddress(name) ? name : `'${name.replace(/'/g, "''")}'`;
}

/** "Sheet1!$A$2:$A$5" — absolute reference as used in chart parts. */
export function absoluteRef(sheet: string, r: RangePos): string {
  const a = `$${numberToColumn(r.from.col)}$${r.from.row}`;
  const b = `$${numberToColumn(r.to.col)}$${r.to.row}`;
  return `${quoteSheetName(sheet)}!${a === b ? a : `${a}:${b}`}`;
}

/** Iterates the addresses in a range row by row. */
export function* rangeAddresses(r: RangePos): Generator<CellPos> {
  for (let row = r.from.row; row <= r.to.row; row++) {
    for (let col = r.from.col; col <= r.to.col; col++) yield { row, col };
  }
}

export function rangeSize(r: RangePos): number {
  return (r.to.row - r.from.row + 1) * (r.to.col - r.from.col + 1);
}

/** Excel serial date (1900 system) for a JS date (UTC calendar day). */
export function dateToSerial(date: Date | string): number {
  const d = typeof date === 'string' ? new Date(date) : date;
  const ms = d.getTime() - Date.UTC(1899, 11, 30);
  return ms / 86_400_000;
}

export function serialToDate(serial: number): Date {
  return new Date(Date.UTC(1899, 11, 30) + Math.round(serial * 86_400_000));
}
