/**
 * Workbook tools for what a finished spreadsheet carries beyond cells and charts: fitted column
 * widths, conditional formats, data validation, notes and links, inserted/deleted rows and columns,
 * print setup, the document title and defined names. Each writes the workbook model
 * (server/documents/workbook/schema.ts), which the renderer writes to the file.
 */
import { z } from 'zod';
import {
  columnToNumber,
  isAddress,
  isRange,
  numberToColumn,
  parseRange,
  parseSheetRange,
  quoteSheetName,
  toAddress,
  type RangePos,
} from '@/lib/workbook/cell-ref';
import { autofitColumns, parseColumnList } from '@/server/documents/workbook/autofit-columns';
import { evaluateWorkbook } from '@/server/documents/workbook/evaluate-formulas';
import { printFindings } from '@/server/documents/workbook/inspect/print-findings';
import { sheetLayout } from '@/server/documents/workbook/inspect/sheet-layout';
import {
  isSqref,
  type CfRule,
  type CfStyle,
  type DataValidation,
  type Sheet,
  type Workbook,
} from '@/server/documents/workbook/schema';
import { deleteColumns, deleteRows, insertColumns, insertRows, moveColumn } from '@/server/documents/workbook/structure';
import { defineTool, ToolUseError, type AgentToolSet } from './define-tool';
import type { WorkbookState } from './workbook-tools';

const sheetName = z.string().min(1);
const color = z.string().regex(/^#?[0-9A-Fa-f]{6}$/, 'colour must be a 6-digit hex like "#1F4E79"');
const sqref = z.string().refine(isSqref, 'expected a range such as "B2:B20" (several separated by spaces)');

function overlaps(a: string, b: string): boolean {
  const rects = (s: string): RangePos[] =>
    s
      .trim()
      .split(/\s+/)
      .map((p) => parseRange(p));
  return rects(a).some((x) =>
    rects(b).some(
      (y) => !(x.to.row < y.from.row || x.from.row > y.to.row || x.to.col < y.from.col || x.from.col > y.to.col),
    ),
  );
}

/** Excel's default highlight (light red fill, dark red text) when a rule names no style. */
function ruleStyle(fill?: string, color?: string, bold?: boolean): CfStyle {
  const hex = (c: string) => (c.startsWith('#') ? c : `#${c}`).toUpperCase();
  if (!fill && !color && bold === undefined) return { fill: '#FFC7CE', color: '#9C0006' };
  return {
    ...(fill ? { fill: hex(fill) } : {}),
    ...(color ? { color: hex(color) } : {}),
    ...(bold !== undefined ? { bold } : {}),
  };
}

/** A comparison value of a rule: a number, a formula ("=$B$1"), or text (quoted for the file). */
function ruleValue(v: string | number): string | number {
  if (typeof v === 'number') return v;
  const t = v.trim();
  if (t.startsWith('=')) return t.slice(1);
  if (t !== '' && Number.isFinite(Number(t))) return Number(t);
  return `"${t.replace(/^"|"$/g, '').replace(/"/g, '""')}"`;
}

const OPERATORS = {
  '>': 'greaterThan',
  '<': 'lessThan',
  '>=': 'greaterThanOrEqual',
  '<=': 'lessThanOrEqual',
  '=': 'equal',
  '!=': 'notEqual',
  between: 'between',
} as const;

function cfRule(input: {
  kind: string;
  values?: Array<string | number>;
  fill?: string;
  color?: string;
  bold?: boolean;
}): CfRule {
  const values = input.values ?? [];
  const style = ruleStyle(input.fill, input.color, input.bold);
  const kind = input.kind;
  if (kind in OPERATORS) {
    const operator = OPERATORS[kind as keyof typeof OPERATORS];
    const need = operator === 'between' ? 2 : 1;
    if (values.length !== need)
      throw new ToolUseError(
        `kind "${kind}" needs ${need === 2 ? 'two values (low, high)' : 'one value'} in values, e.g. ${need === 2 ? '[0, 100]' : '[1000] or ["=$B$1"]'}`,
      );
    return { type: 'cellIs', operator, values: values.map(ruleValue), style };
  }
  if (kind === 'top' || kind === 'bottom') {
    const raw = String(values[0] ?? 10).trim();
    const m = /^(\d+)(%?)$/.exec(raw);
    if (!m || Number(m[1]) < 1)
      throw new ToolUseError(`kind "${kind}" takes values [n] (a count such as 5, or a percentage such as "10%")`);
    return {
      type: 'top10',
      rank: Number(m[1]),
      ...(m[2] ? { percent: true } : {}),
      ...(kind === 'bottom' ? { bottom: true } : {}),
      style,
    };
  }
  if (kind === 'formula') {
    const f = typeof values[0] === 'string' ? values[0].trim().replace(/^=/, '') : '';
    if (!f)
      throw new ToolUseError(
        'kind "formula" takes values ["<formula>"], true for the cells to highlight, written for the top-left cell of the range (e.g. "$D2<0" for B2:F20)',
      );
    return { type: 'expression', formula: f, style };
  }
  if (kind === 'colorScale') {
    const colors = values.length ? values.map(String) : ['#F8696B', '#FFEB84', '#63BE7B'];
    if (colors.length < 2 || colors.length > 3 || !colors.every((c) => color.safeParse(c).success))
      throw new ToolUseError(
        'kind "colorScale" takes values of 2 or 3 hex colours, lowest first (e.g. ["#F8696B", "#63BE7B"]), or none for red-yellow-green',
      );
    return { type: 'colorScale', colors: colors.map((c) => (c.startsWith('#') ? c : `#${c}`).toUpperCase()) };
  }
  // dataBar
  return {
    type: 'dataBar',
    color: (input.fill ? (input.fill.startsWith('#') ? input.fill : `#${input.fill}`) : '#638EC6').toUpperCase(),
  };
}

/** "Inputs!$B$2" etc.: the sheet a reference names, if any, must exist. */
function checkSheetOf(wb: Pick<Workbook, 'sheets'>, ref: string, what: string): void {
  const m = /^(?:'((?:[^']|'')+)'|([^'!=(]+))!/.exec(ref.trim());
  if (!m) return;
  const name = (m[1] ?? m[2]!).replace(/''/g, "'");
  if (!wb.sheets.some((s) => s.name.toLowerCase() === name.toLowerCase()))
    throw new ToolUseError(
      `${what} refers to sheet "${name}", which does not exist; sheets: ${wb.sheets.map((s) => s.name).join(', ')}`,
    );
}

/** A range for a list validation: absolute, with its sheet when it is on another one. */
function listSource(sheet: Sheet, ref: string): string {
  const r = parseSheetRange(ref.replace(/^=/, ''));
  const abs = `$${toAddress(r.from).replace(/(\d+)$/, '$$$1')}:$${toAddress(r.to).replace(/(\d+)$/, '$$$1')}`;
  return r.sheet && r.sheet.toLowerCase() !== sheet.name.toLowerCase() ? `${quoteSheetName(r.sheet)}!${abs}` : abs;
}

function validation(
  sheet: Sheet,
  input: {
    range: string;
    type: 'list' | 'whole' | 'decimal';
    values?: Array<string | number>;
    min?: number;
    max?: number;
    prompt?: string;
  },
): DataValidation {
  const base = {
    range: input.range,
    allowBlank: true,
    showErrorMessage: true,
    ...(input.prompt ? { showInputMessage: true, prompt: input.prompt } : {}),
  };
  if (input.type === 'list') {
    const values = (input.values ?? []).map(String);
    if (!values.length)
      throw new ToolUseError(
        'type "list" takes values: the choices (["Yes", "No"]) or one range holding them (["Lists!A2:A9"])',
      );
    if (values.length === 1 && /!|^\$?[A-Z]{1,3}\$?\d+:\$?[A-Z]{1,3}\$?\d+$/.test(values[0]!)) {
      let formula1: string;
      try {
        formula1 = listSource(sheet, values[0]!);
      } catch {
        throw new ToolUseError(`"${values[0]}" is not a range such as "Lists!A2:A9"`);
      }
      return { ...base, type: 'list', formula1, error: 'Choose a value from the list.' };
    }
    if (values.some((v) => v.includes(',') || v.includes('"')))
      throw new ToolUseError(
        'list choices cannot contain commas or quotes; put them in cells and give that range instead',
      );
    const formula1 = `"${values.join(',')}"`;
    if (formula1.length > 257)
      throw new ToolUseError(
        'the choices are longer than 255 characters; put them in cells and give that range instead',
      );
    return { ...base, type: 'list', formula1, error: `Choose one of: ${values.join(', ')}.` };
  }
  const { min, max } = input;
  if (min === undefined && max === undefined) throw new ToolUseError(`type "${input.type}" takes min and/or max`);
  if (min !== undefined && max !== undefined && min > max) throw new ToolUseError('min is greater than max');
  const what = input.type === 'whole' ? 'a whole number' : 'a number';
  if (min !== undefined && max !== undefined)
    return {
      ...base,
      type: input.type,
      operator: 'between',
      formula1: String(min),
      formula2: String(max),
      error: `Enter ${what} from ${min} to ${max}.`,
    };
  if (min !== undefined)
    return {
      ...base,
      type: input.type,
      operator: 'greaterThanOrEqual',
      formula1: String(min),
      error: `Enter ${what} of at least ${min}.`,
    };
  return {
    ...base,
    type: input.type,
    operator: 'lessThanOrEqual',
    formula1: String(max),
    error: `Enter ${what} of at most ${max}.`,
  };
}

const NAME_RE = /^[A-Za-z_\\][A-Za-z0-9_.\\]*$/;
/** Names Excel refuses because they read as a cell (A1, XFD10, R1C1, R, C). */
const CELL_LIKE = /^(?:[A-Za-z]{1,3}\d+|[Rr]\d*[Cc]\d*|[RrCc])$/;

/** Sets one column's width; a span ("E:XFD", from an imported file) covering it is split around it. */
function setColumnWidth(sheet: Sheet, letter: string, width: number): void {
  const col = columnToNumber(letter);
  for (const key of Object.keys(sheet.columns)) {
    if (!key.includes(':')) continue;
    const [a, b] = key.split(':').map(columnToNumber) as [number, number];
    if (col < a || col > b) continue;
    const spec = sheet.columns[key]!;
    delete sheet.columns[key];
    const span = (x: number, y: number) => (x === y ? numberToColumn(x) : `${numberToColumn(x)}:${numberToColumn(y)}`);
    if (a < col) sheet.columns[span(a, col - 1)] = spec;
    if (col < b) sheet.columns[span(col + 1, b)] = spec;
    sheet.columns[letter] = { ...spec };
  }
  sheet.columns[letter] = { ...(sheet.columns[letter] ?? {}), width };
}

/** The estimated printout of a sheet, as the inspection finds it. */
function printReport(wb: Workbook, sheet: Sheet): string[] {
  const layout = sheetLayout(wb, sheet, evaluateWorkbook(wb), { cells: 50_000 });
  return printFindings(wb, layout).map((f) => f.message);
}

export function workbookFeatureTools(
  state: WorkbookState,
  findSheet: (name: string) => Sheet,
  changed: <T>(x: T) => T,
): AgentToolSet {
  return {
    autofit_columns: defineTool(
      'Fit column widths to contents (formatted numbers, bold/large text; titles flowing into empty cells ignored; max 60).',
      z.object({ sheet: sheetName, columns: z.string().optional().describe('e.g. "A:F" or "B,D"; default all') }),
      ({ sheet, columns }) => {
        const s = findSheet(sheet);
        let cols: Set<number> | undefined;
        try {
          cols = columns ? parseColumnList(columns) : undefined;
        } catch (err) {
          throw new ToolUseError(`columns: ${(err as Error).message}`);
        }
        const { widths, capped } = autofitColumns(state.wb, s, cols);
        if (!Object.keys(widths).length)
          throw new ToolUseError(
            `nothing to measure in ${columns ? `columns ${columns}` : 'the sheet'} of ${s.name} (write values first; titles that flow into empty cells do not count)`,
          );
        for (const [letter, width] of Object.entries(widths)) setColumnWidth(s, letter, width);
        return changed({
          widths,
          ...(capped.length
            ? {
                note: `column${capped.length > 1 ? 's' : ''} ${capped.join(', ')} capped at 60: wrap the longest texts (format_range wrap)`,
              }
            : {}),
        });
      },
    ),
    add_conditional_format: defineTool(
      'Highlight cells. kind >,<,>=,<=,=,!= (values [x], x may be "=$B$1"), between ([lo,hi]), top/bottom ([5] or ["10%"]), formula (["$D2<0"], for the first cell), colorScale (values: 2-3 colours, low first), dataBar (fill = bar colour), clear (the range\'s rules). Style fill/color/bold (default light red).',
      z.object({
        sheet: sheetName,
        range: sqref,
        kind: z.enum([
          '>',
          '<',
          '>=',
          '<=',
          '=',
          '!=',
          'between',
          'top',
          'bottom',
          'formula',
          'colorScale',
          'dataBar',
          'clear',
        ]),
        values: z
          .array(z.union([z.number(), z.string()]))
          .max(3)
          .optional(),
        fill: color.optional(),
        color: color.optional(),
        bold: z.boolean().optional(),
      }),
      (input) => {
        const s = findSheet(input.sheet);
        if (input.kind === 'clear') {
          const before = s.conditionalFormats.length;
          s.conditionalFormats = s.conditionalFormats.filter((cf) => !overlaps(cf.range, input.range));
          return changed({ removed: before - s.conditionalFormats.length });
        }
        const rule = cfRule(input);
        s.conditionalFormats.push({ range: input.range.trim(), rule });
        return changed({ range: input.range.trim(), rule: rule.type, rules: s.conditionalFormats.length });
      },
    ),
    set_data_validation: defineTool(
      'Restrict input: list (values: the choices, or one range ["Lists!A2:A9"]), whole/decimal (min, max), none. Replaces validations on those cells.',
      z.object({
        sheet: sheetName,
        range: sqref,
        type: z.enum(['list', 'whole', 'decimal', 'none']),
        values: z
          .array(z.union([z.string(), z.number()]))
          .max(1000)
          .optional(),
        min: z.number().optional(),
        max: z.number().optional(),
        prompt: z.string().max(255).optional(),
      }),
      (input) => {
        const s = findSheet(input.sheet);
        const kept = (s.dataValidations ?? []).filter((d) => !overlaps(d.range, input.range));
        const replaced = (s.dataValidations?.length ?? 0) - kept.length;
        if (input.type !== 'none') {
          const dv = validation(s, { ...input, type: input.type });
          if (dv.formula1?.includes('!')) checkSheetOf(state.wb, dv.formula1, 'the list');
          kept.push(dv);
        }
        if (kept.length) s.dataValidations = kept;
        else delete s.dataValidations;
        return changed({ range: input.range.trim(), type: input.type, ...(replaced ? { replaced } : {}) });
      },
    ),
    annotate_cell: defineTool(
      'Add a note and/or a hyperlink to a cell (link: URL, mailto:, or a place such as "Sheet2!A1"); null removes.',
      z.object({
        sheet: sheetName,
        cell: z.string().refine(isAddress, 'expected an A1 address such as "B3"'),
        note: z.string().max(32_767).nullable().optional(),
        link: z.string().max(2000).nullable().optional(),
      }),
      ({ sheet, cell, note, link }) => {
        const s = findSheet(sheet);
        if (note === undefined && link === undefined) throw new ToolUseError('give note and/or link');
        const out: Record<string, unknown> = { cell };
        if (note !== undefined) {
          const comments = (s.comments ?? []).filter((c) => c.cell !== cell);
          if (note) comments.push({ cell, text: note, author: 'Docsmith' });
          if (comments.length) s.comments = comments;
          else delete s.comments;
          out.note = note ? 'set' : 'removed';
        }
        if (link !== undefined) {
          const links = (s.hyperlinks ?? []).filter((h) => h.ref !== cell);
          if (link) {
            const url = /^(https?:|mailto:|ftp:|file:)/i.test(link.trim());
            if (!url) {
              const place = link.trim().replace(/^#/, '');
              const target = place.includes('!') ? place.slice(place.lastIndexOf('!') + 1).replace(/\$/g, '') : place;
              const isName = (state.wb.definedNames ?? []).some((d) => d.name.toLowerCase() === place.toLowerCase());
              if (!isName && !isAddress(target) && !isRange(target))
                throw new ToolUseError(
                  `link "${link}" is neither a URL (https://…, mailto:…) nor a place such as "Sheet2!A1" or a defined name`,
                );
              if (!isName) checkSheetOf(state.wb, place, 'the link');
              links.push({ ref: cell, location: place });
            } else links.push({ ref: cell, target: link.trim() });
            // shown as a link: blue and underlined, unless the cell has a colour of its own
            const c = s.cells[cell] ?? {};
            if (!c.style?.color)
              s.cells[cell] = { ...c, style: { ...(c.style ?? {}), color: '#0563C1', underline: true } };
          }
          if (links.length) s.hyperlinks = links;
          else delete s.hyperlinks;
          out.link = link ? 'set' : 'removed';
        }
        return changed(out);
      },
    ),
    insert_delete: defineTool(
      'Insert/delete rows or columns, or move a column (moveColumn: column at goes before column to); formulas, charts, tables, names and formats follow.',
      z.object({
        sheet: sheetName,
        op: z.enum(['insertRows', 'deleteRows', 'insertColumns', 'deleteColumns', 'moveColumn']),
        at: z.union([z.number(), z.string()]).describe('row number or column letter'),
        count: z.number().int().min(1).max(10_000).optional(),
        to: z.union([z.number(), z.string()]).optional().describe('moveColumn: the column it goes before (one past the last column = the end)'),
      }),
      ({ sheet, op, at, count = 1, to }) => {
        const s = findSheet(sheet);
        if (op === 'moveColumn') {
          const col = (x: number | string | undefined) => (x === undefined ? NaN : /^[A-Za-z]{1,3}$/.test(String(x)) ? columnToNumber(String(x).toUpperCase()) : Number(x));
          const from = col(at);
          const before = col(to);
          if (!Number.isInteger(from) || from < 1 || !Number.isInteger(before) || before < 1) throw new ToolUseError('moveColumn takes at (the column, e.g. "C") and to (the column it goes before, e.g. "F")');
          let moved;
          try {
            moved = moveColumn(state.wb, s.name, from, before);
          } catch (err) {
            throw new ToolUseError((err as Error).message);
          }
          state.wb = moved.workbook;
          return changed({ done: `moveColumn ${at} before ${to}`, ...(moved.warnings.length ? { warnings: moved.warnings.slice(0, 5).map((w) => w.message) } : {}) });
        }
        const rows = op.endsWith('Rows');
        const n = rows
          ? Number(at)
          : /^[A-Za-z]{1,3}$/.test(String(at))
            ? columnToNumber(String(at).toUpperCase())
            : Number(at);
        if (!Number.isInteger(n) || n < 1)
          throw new ToolUseError(rows ? 'at: a row number such as 5' : 'at: a column letter such as "C"');
        const fn = { insertRows, deleteRows, insertColumns, deleteColumns }[op];
        let res;
        try {
          res = fn(state.wb, s.name, n, count);
        } catch (err) {
          throw new ToolUseError((err as Error).message);
        }
        state.wb = res.workbook;
        return changed({
          done: `${op} ${at}${count > 1 ? ` ×${count}` : ''}`,
          ...(res.warnings.length ? { warnings: res.warnings.slice(0, 5).map((w) => w.message) } : {}),
        });
      },
    ),
    set_print_setup: defineTool(
      'Page setup; answers with estimated pages. area ("" = used range), titleRows ("1:3", repeated on each page), fitWidth (one page wide, default true), breaks (page break after these rows).',
      z.object({
        sheet: sheetName,
        area: z.string().optional(),
        titleRows: z
          .string()
          .regex(/^\$?\d+(:\$?\d+)?$|^$/, 'rows such as "1:3"')
          .optional(),
        orientation: z.enum(['portrait', 'landscape']).optional(),
        fitWidth: z.boolean().optional(),
        breaks: z.array(z.number().int().min(1)).max(1000).optional(),
      }),
      ({ sheet, area, titleRows, orientation, fitWidth, breaks }) => {
        const s = findSheet(sheet);
        const p = { ...(s.print ?? { fitToPage: true }) };
        if (area !== undefined) {
          const parts = area
            .split(',')
            .map((a) =>
              a
                .trim()
                .replace(/^(?:'(?:[^']|'')+'|[^!]+)!/, '')
                .replace(/\$/g, ''),
            )
            .filter(Boolean);
          if (!parts.every((a) => isRange(a) || isAddress(a)))
            throw new ToolUseError(`area "${area}" is not a range such as "A1:H40"`);
          if (parts.length) p.area = parts.join(',');
          else delete p.area;
        }
        if (titleRows !== undefined) {
          if (titleRows) {
            const [a, b = a] = titleRows.replace(/\$/g, '').split(':');
            p.titleRows = `$${Math.min(Number(a), Number(b))}:$${Math.max(Number(a), Number(b))}`;
          } else delete p.titleRows;
        }
        if (orientation) p.orientation = orientation;
        if (fitWidth === false) p.fitToPage = false;
        else if (fitWidth === true || p.fitToPage !== false)
          Object.assign(p, { fitToPage: true, fitToWidth: 1, fitToHeight: 0 });
        if (breaks !== undefined) {
          if (breaks.length) p.rowBreaks = [...new Set(breaks)].sort((x, y) => x - y);
          else delete p.rowBreaks;
        }
        s.print = p;
        return changed({ print: p, estimate: printReport(state.wb, s) });
      },
    ),
    set_workbook_props: defineTool(
      'Set the document title and/or defined names, e.g. {"TaxRate": "Inputs!$B$2"}; null deletes a name.',
      z.object({
        title: z.string().max(1000).optional(),
        names: z.record(z.string(), z.string().min(1).nullable()).optional(),
      }),
      ({ title, names }) => {
        if (title === undefined && names === undefined) throw new ToolUseError('give title and/or names');
        if (title !== undefined) {
          if (title.trim()) state.wb.title = title.trim();
          else delete state.wb.title;
        }
        const defined = [...(state.wb.definedNames ?? [])];
        for (const [name, ref] of Object.entries(names ?? {})) {
          if (!NAME_RE.test(name) || CELL_LIKE.test(name))
            throw new ToolUseError(
              `"${name}" cannot be a name: start with a letter or _, use letters, digits, _ and . only, and do not look like a cell (A1, R1C1)`,
            );
          const at = defined.findIndex((d) => d.name.toLowerCase() === name.toLowerCase() && d.sheet === undefined);
          if (ref === null) {
            if (at < 0)
              throw new ToolUseError(`no name "${name}"; names: ${defined.map((d) => d.name).join(', ') || 'none'}`);
            defined.splice(at, 1);
            continue;
          }
          const text = ref.trim().replace(/^=/, '');
          checkSheetOf(state.wb, text, `name "${name}"`);
          if (at >= 0) defined[at] = { ...defined[at]!, ref: text };
          else defined.push({ name, ref: text });
        }
        if (defined.length) state.wb.definedNames = defined;
        else delete state.wb.definedNames;
        return changed({
          ...(state.wb.title ? { title: state.wb.title } : {}),
          names: defined.map((d) => `${d.name} = ${d.ref}`),
        });
      },
    ),
  };
}
