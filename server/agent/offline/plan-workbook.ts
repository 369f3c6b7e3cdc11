/** The offline model's plan for a workbook: new workbooks from the prompt, simple edits on resume. */
import { numberToColumn, parseRange } from '@/server/documents/workbook/cell-ref';
import type { WorkbookIndex } from '../types';
import { capitalize, cleanName, parsePrompt, seededRandom, splitList, titleCase, topicOf, type PromptFacts } from './parse-prompt';
import { attachmentIds, clauses, SAMPLE_NOTE, type OfflinePlan, type PlannedBatch, type PlannedCall, type PlanInput, type PriorResults } from './plan-types';

type ColumnKind = 'month' | 'quarter' | 'year' | 'date' | 'label' | 'percent' | 'money' | 'count' | 'number' | 'formula';

interface ColumnSpec {
  name: string;
  kind: ColumnKind;
  /** for formula columns: the formula with {r} for the row number */
  formula?: string;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const LABELS: Array<[RegExp, string[]]> = [
  [/region|area|territory/i, ['North', 'South', 'East', 'West', 'Central']],
  [/status/i, ['Planned', 'In progress', 'Done', 'Blocked']],
  [/department|team/i, ['Sales', 'Marketing', 'Engineering', 'Finance', 'Operations', 'Support']],
  [/country/i, ['France', 'Germany', 'Spain', 'Italy', 'Netherlands', 'Poland']],
  [/priority/i, ['High', 'Medium', 'Low']],
];
const TITLE_HEADER_ROW = 3;

function classify(name: string): ColumnKind {
  const n = name.toLowerCase();
  if (/\bmonth\b/.test(n)) return 'month';
  if (/\bquarter\b|^q$/.test(n)) return 'quarter';
  if (/\byear\b|^fy$/.test(n)) return 'year';
  if (/\bdate\b|\bday\b|deadline|due/.test(n)) return 'date';
  if (/%|percent|rate|margin %|growth|share|ratio/.test(n)) return 'percent';
  if (/price|cost|amount|revenue|sales|budget|actual|profit|expense|income|salary|spend|value|total|forecast|balance|payment|fee|\$|€|£/.test(n)) return 'money';
  if (/qty|quantity|units|count|headcount|number of|#|hours|score|stock|orders/.test(n)) return 'count';
  if (/name|product|item|region|category|customer|employee|department|country|city|project|task|description|status|owner|team|type|area|note|comment|priority|vendor|supplier|account|channel|segment|stage|role|phase|activity|milestone/.test(n)) return 'label';
  return 'number';
}

function defaultColumns(facts: PromptFacts): string[] {
  const t = facts.text.toLowerCase();
  if (/budget/.test(t)) return ['Category', 'Budget', 'Actual', 'Variance'];
  if (/sales|revenue/.test(t)) return facts.rows === 4 ? ['Quarter', 'Units', 'Revenue'] : ['Month', 'Units', 'Revenue'];
  if (/expense|cost/.test(t)) return ['Month', 'Category', 'Amount'];
  if (/inventory|stock/.test(t)) return ['Product', 'Stock', 'Unit price', 'Value'];
  if (/employee|staff|headcount|team/.test(t)) return ['Name', 'Department', 'Start date', 'Salary'];
  if (/project|plan|timeline|tracker|task/.test(t)) return ['Task', 'Owner', 'Due date', 'Status'];
  if (/forecast|projection/.test(t)) return ['Month', 'Forecast', 'Actual'];
  return ['Item', 'Value'];
}

/** Column specs with derived formulas where the names suggest them (Total, Variance, Profit, Value). */
function specs(names: string[]): ColumnSpec[] {
  const out: ColumnSpec[] = names.map((name) => ({ name, kind: classify(name) }));
  const col = (i: number) => numberToColumn(i + 1);
  const numericIdx = (upTo: number) => out.slice(0, upTo).map((c, i) => (c.kind === 'money' || c.kind === 'count' || c.kind === 'number' ? i : -1)).filter((i) => i >= 0);
  out.forEach((c, i) => {
    const n = c.name.toLowerCase();
    const prev = numericIdx(i);
    const find = (re: RegExp) => out.findIndex((o, k) => k < i && re.test(o.name));
    if (/^(total|sum)$/.test(n) && prev.length >= 2) c.formula = `=SUM(${col(prev[0]!)}{r}:${col(prev[prev.length - 1]!)}{r})`;
    else if (/variance|difference|diff/.test(n) && prev.length >= 2) c.formula = `=${col(prev[prev.length - 1]!)}{r}-${col(prev[prev.length - 2]!)}{r}`;
    else if (/profit|net/.test(n) && find(/revenue|sales|income/i) >= 0 && find(/cost|expense/i) >= 0) c.formula = `=${col(find(/revenue|sales|income/i))}{r}-${col(find(/cost|expense/i))}{r}`;
    else if (/^value$/.test(n) && find(/stock|qty|quantity|units/i) >= 0 && find(/price/i) >= 0) c.formula = `=${col(find(/stock|qty|quantity|units/i))}{r}*${col(find(/price/i))}{r}`;
    if (c.formula) c.kind = 'formula';
  });
  return out;
}

function sampleValue(c: ColumnSpec, i: number, rand: () => number, rows: number): string | number {
  switch (c.kind) {
    case 'month':
      return rows > 12 ? `${MONTHS[i % 12]} ${2025 + Math.floor(i / 12)}` : MONTHS[i % 12]!;
    case 'quarter':
      return rows > 4 ? `Q${(i % 4) + 1} ${2025 + Math.floor(i / 4)}` : `Q${(i % 4) + 1}`;
    case 'year':
      return 2021 + i;
    case 'date':
      return 45658 + i * 7; // 2025-01-01 + i weeks (Excel serial)
    case 'label': {
      const list = LABELS.find(([re]) => re.test(c.name))?.[1];
      return list ? list[i % list.length]! : `${capitalize(c.name)} ${i + 1}`;
    }
    case 'percent':
      return Math.round((0.02 + rand() * 0.4) * 1000) / 1000;
    case 'money':
      return Math.round(1000 + rand() * 9000);
    case 'count':
      return Math.round(5 + rand() * 195);
    default:
      return Math.round(rand() * 1000);
  }
}

const NUMFMT: Partial<Record<ColumnKind, string>> = { percent: '0.0%', money: '#,##0', date: 'yyyy-mm-dd', formula: '#,##0' };

function sheetNameOf(s: string): string {
  const n = s.replace(/[\\/?*[\]:]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 31);
  return n || 'Sheet';
}

interface SheetBuild {
  name: string;
  title: string;
  columns: ColumnSpec[];
  rows: number;
  seed: string;
  table: boolean;
}

/** Calls that create and fill one sheet: title, sample note, headers, data, totals, formats. */
function buildSheet(b: SheetBuild): { calls: PlannedCall[]; sample: boolean; lastDataRow: number } {
  const rand = seededRandom(b.seed);
  const h = TITLE_HEADER_ROW;
  const first = h + 1;
  const last = h + b.rows;
  const ncol = b.columns.length;
  const lastCol = numberToColumn(ncol);
  let sample = false;
  const data = Array.from({ length: b.rows }, (_, i) =>
    b.columns.map((c) => {
      if (c.formula) return c.formula.replaceAll('{r}', String(first + i));
      if (c.kind !== 'label' && c.kind !== 'month' && c.kind !== 'quarter' && c.kind !== 'year' && c.kind !== 'date') sample = true;
      return sampleValue(c, i, rand, b.rows);
    }),
  );
  const totals = b.columns.map((c, j) => {
    if (j === 0) return 'Total';
    if (c.kind === 'money' || c.kind === 'count' || c.kind === 'number' || c.kind === 'formula') return `=SUM(${numberToColumn(j + 1)}${first}:${numberToColumn(j + 1)}${last})`;
    return null;
  });
  const hasTotals = totals.slice(1).some((v) => v !== null) && b.columns[0]!.kind !== 'formula';
  const calls: PlannedCall[] = [
    { toolName: 'add_sheet', input: { name: b.name } },
    {
      toolName: 'write_range',
      input: { sheet: b.name, start: 'A1', rows: [[b.title], [sample ? SAMPLE_NOTE : null], b.columns.map((c) => c.name), ...data, ...(hasTotals ? [totals] : [])] },
    },
    { toolName: 'format_range', input: { sheet: b.name, range: 'A1', style: { bold: true, fontSize: 14, color: '#1F4E79' } } },
    { toolName: 'format_range', input: { sheet: b.name, range: `A${h}:${lastCol}${h}`, style: { bold: true, color: '#FFFFFF', fill: '#1F4E79', border: 'thin' } } },
  ];
  if (sample) calls.push({ toolName: 'format_range', input: { sheet: b.name, range: 'A2', style: { italic: true, color: '#7F7F7F' } } });
  b.columns.forEach((c, j) => {
    const fmt = NUMFMT[c.kind];
    if (fmt) calls.push({ toolName: 'format_range', input: { sheet: b.name, range: `${numberToColumn(j + 1)}${first}:${numberToColumn(j + 1)}${last + (hasTotals ? 1 : 0)}`, numFmt: fmt } });
  });
  if (hasTotals) calls.push({ toolName: 'format_range', input: { sheet: b.name, range: `A${last + 1}:${lastCol}${last + 1}`, style: { bold: true, borderTop: 'thin' } } });
  calls.push({ toolName: 'freeze_panes', input: { sheet: b.name, rows: h, cols: 0 } });
  calls.push({
    toolName: 'set_column_widths',
    input: { sheet: b.name, widths: Object.fromEntries(b.columns.map((c, j) => [numberToColumn(j + 1), Math.max(12, Math.min(40, c.name.length + 4))])) },
  });
  if (b.table) {
    const tname = b.name.replace(/[^A-Za-z0-9_]/g, '_').replace(/^([^A-Za-z_])/, 'T_$1');
    calls.push({ toolName: 'define_table', input: { sheet: b.name, name: `${tname}_table`, range: `A${h}:${lastCol}${last}` } });
  }
  return { calls, sample, lastDataRow: last };
}

function chartCall(sheet: string, id: string, type: 'bar' | 'column' | 'line' | 'pie', cols: ColumnSpec[], first: number, last: number, title: string): PlannedCall | undefined {
  const numeric = cols.map((c, j) => ({ c, j })).filter(({ c }) => c.kind === 'money' || c.kind === 'count' || c.kind === 'number' || c.kind === 'formula' || c.kind === 'percent');
  if (!numeric.length) return undefined;
  const used = type === 'pie' ? numeric.slice(0, 1) : numeric.slice(0, 3);
  const anchorCol = numberToColumn(cols.length + 2);
  return {
    toolName: 'add_chart',
    input: {
      sheet,
      id,
      type,
      title,
      categories: `A${first}:A${last}`,
      series: used.map(({ c, j }) => ({ name: c.name, values: `${numberToColumn(j + 1)}${first}:${numberToColumn(j + 1)}${last}` })),
      anchor: `${anchorCol}${TITLE_HEADER_ROW}:${numberToColumn(cols.length + 9)}${TITLE_HEADER_ROW + 17}`,
      legend: 'bottom',
    },
  };
}

function newWorkbookPlan(input: PlanInput): OfflinePlan {
  const facts = parsePrompt(input.request);
  const topic = topicOf(facts);
  const title = facts.title ?? titleCase(topic);
  const files = attachmentIds(input.attachments, 'file').filter((f) => /csv|xlsx/.test(f.detail));
  const batches: PlannedBatch[] = [];
  const notes: string[] = [];
  // uploaded data: copy the file's sheets instead of inventing numbers
  if (files.length) {
    for (const f of files) batches.push([{ toolName: 'import_file_sheets', input: { fileId: f.id } }]);
    const held = files.map((f) => {
      const line = input.attachments[input.attachments.findIndex((l) => l.startsWith(`file ${f.id}:`)) + 1];
      const holds = line?.startsWith('  holds: ') ? ` (${line.slice(9)})` : '';
      return `"${f.name}"${holds}`;
    });
    return { batches, summary: `Imported ${held.join(', ')} into the workbook, keeping everything it holds (offline model).` };
  }
  let names = facts.sheets.map(sheetNameOf);
  if (!names.length && facts.sheetCount && facts.sheetCount > 1) names = Array.from({ length: Math.min(facts.sheetCount, 20) }, (_, i) => `Sheet ${i + 1}`);
  if (!names.length) names = [sheetNameOf(titleCase(topic))];
  names = [...new Map(names.map((n) => [n.toLowerCase(), n])).values()];
  const colNames = facts.columns.length ? facts.columns : defaultColumns(facts);
  const columns = specs(colNames);
  const rows = Math.max(1, Math.min(facts.rows ?? (columns[0]?.kind === 'month' ? 12 : columns[0]?.kind === 'quarter' ? 4 : 10), 500));
  let sample = false;
  names.forEach((name, i) => {
    const sheetTitle = names.length > 1 && !title.toLowerCase().includes(name.toLowerCase()) ? `${title} — ${name}` : names.length > 1 ? name : title;
    const built = buildSheet({ name, title: sheetTitle, columns, rows, seed: `${facts.text}|${name}`, table: facts.wantsTable });
    sample ||= built.sample;
    batches.push(built.calls);
    if (facts.wantsChart && (i === 0 || names.length <= 3)) {
      const c = chartCall(name, `chart_${i + 1}`, facts.chartType ?? (columns[0]?.kind === 'month' || columns[0]?.kind === 'date' ? 'line' : 'column'), columns, TITLE_HEADER_ROW + 1, built.lastDataRow, `${name}: ${columns.find((c) => c.kind !== 'label' && c.kind !== 'month' && c.kind !== 'quarter')?.name ?? 'values'}`);
      if (c) batches.push([c]);
    }
  });
  notes.push(`Built ${names.length} sheet${names.length > 1 ? 's' : ''} (${names.join(', ')}) with columns ${colNames.join(', ')} and ${rows} rows each`);
  if (facts.wantsChart) notes.push('added a chart');
  const summary = `${notes.join('; ')}. ${sample ? 'The numbers are sample data invented by the offline model (marked in each sheet); replace them with real figures.' : ''} (offline model)`.replace(/\s+/g, ' ');
  return { batches, summary };
}

/** Edits the offline model understands on resume. */
function resumePlan(input: PlanInput, index: WorkbookIndex): OfflinePlan {
  const batches: PlannedBatch[] = [];
  const done: string[] = [];
  const sheets = index.sheets.map((s) => s.name);
  const findSheet = (name: string | undefined) => (name ? index.sheets.find((s) => s.name.toLowerCase() === cleanName(name).toLowerCase()) : undefined) ?? index.sheets[0];
  let sample = false;
  for (const clause of clauses(input.request)) {
    let m: RegExpExecArray | null;
    if ((m = /\brename\s+(?:the\s+)?(?:sheet|tab)?\s*["“]?(.+?)["”]?\s+(?:sheet\s+|tab\s+)?to\s+["“]?([^"”]+?)["”]?$/i.exec(clause))) {
      const s = findSheet(m[1]);
      if (s && s.name.toLowerCase() === cleanName(m[1]!).toLowerCase()) {
        const to = sheetNameOf(cleanName(m[2]!));
        batches.push([{ toolName: 'rename_sheet', input: { sheet: s.name, newName: to } }]);
        done.push(`renamed sheet "${s.name}" to "${to}"`);
        continue;
      }
    }
    if ((m = /\b(?:delete|remove)\s+(?:the\s+)?(?:sheet|tab)\s+["“]?([^"”]+?)["”]?$/i.exec(clause) ?? /\b(?:delete|remove)\s+(?:the\s+)?["“]?([^"”]+?)["”]?\s+(?:sheet|tab)$/i.exec(clause))) {
      const s = findSheet(m[1]);
      if (s && s.name.toLowerCase() === cleanName(m[1]!).toLowerCase()) {
        batches.push([{ toolName: 'delete_sheet', input: { sheet: s.name } }]);
        done.push(`deleted sheet "${s.name}"`);
        continue;
      }
    }
    const addSheet =
      /\badd\s+(?:a\s+|an\s+|another\s+)?(?:new\s+)?(?:sheet|tab)\s*(?:named|called|titled|for)?\s*["“]?([^"”]+?)["”]?(?=\s+(?:with|containing|that)\b|$)/i.exec(clause) ??
      /\badd\s+(?:a\s+|an\s+|another\s+)?(?:new\s+)?([\w][\w\s-]*?)\s+(?:sheet|tab)\b(?:\s+for\s+([^,]+?))?(?=\s+(?:with|containing|that)\b|$)/i.exec(clause);
    if (addSheet) {
      const facts = parsePrompt(clause);
      const name = sheetNameOf(titleCase(cleanName([addSheet[1], addSheet[2]].filter(Boolean).join(' '))));
      const colNames = facts.columns.length ? facts.columns : index.sheets[0]?.headers.length ? index.sheets[0].headers : defaultColumns(parsePrompt(`${clause} ${name}`));
      const columns = specs(colNames);
      const rows = Math.max(1, Math.min(facts.rows ?? (columns[0]?.kind === 'month' ? 12 : 10), 500));
      const built = buildSheet({ name, title: name, columns, rows, seed: `${clause}|${name}`, table: facts.wantsTable });
      sample ||= built.sample;
      batches.push(built.calls);
      done.push(`added sheet "${name}" (${colNames.join(', ')}, ${rows} rows)`);
      continue;
    }
    const addCol = /\badd\s+(?:a\s+|an\s+)?(?:new\s+)?columns?\s*(?:named|called|for)?\s*["“]?(.+?)["”]?(?:\s+(?:to|on|in)\s+(?:the\s+)?(?:sheet\s+)?["“]?([^"”]+?)["”]?(?:\s+(?:sheet|tab))?)?$/i.exec(clause);
    if (addCol) {
      const s = findSheet(addCol[2]);
      if (s?.usedRange) {
        const names = splitList(addCol[1]!);
        const r = parseRange(s.usedRange);
        const headerRow = s.headerRow ?? r.from.row;
        const firstCol = r.to.col + 1;
        const firstLetter = numberToColumn(r.from.col);
        // read the first column to find the data rows and a totals row, then write the new column(s)
        batches.push([{ toolName: 'read_range', input: { sheet: s.name, range: `${firstLetter}${headerRow}:${firstLetter}${r.to.row}` } }]);
        batches.push((prior: PriorResults) => {
          const read = prior[prior.length - 1] as { rows?: unknown[][] } | undefined;
          const labels = (read?.rows ?? []).map((row) => row[0]);
          const calls: PlannedCall[] = [];
          names.forEach((name, k) => {
            const spec = specs([name])[0]!;
            const letter = numberToColumn(firstCol + k);
            const rand = seededRandom(`${clause}|${name}`);
            const values: Array<Array<string | number | null>> = [[name]];
            let dataRows = 0;
            for (let row = headerRow + 1; row <= r.to.row; row++) {
              const label = labels[row - headerRow];
              if (typeof label === 'string' && /^total/i.test(label)) values.push([`=SUM(${letter}${headerRow + 1}:${letter}${row - 1})`]);
              else if (label === null || label === undefined) values.push([null]);
              else values.push([sampleValue(spec, dataRows++, rand, r.to.row - headerRow)]);
            }
            calls.push({ toolName: 'write_range', input: { sheet: s.name, start: `${letter}${headerRow}`, rows: values, ...(NUMFMT[spec.kind] ? { numFmt: NUMFMT[spec.kind] } : {}) } });
            calls.push({ toolName: 'format_range', input: { sheet: s.name, range: `${letter}${headerRow}`, style: { bold: true, color: '#FFFFFF', fill: '#1F4E79', border: 'thin' } } });
            calls.push({ toolName: 'set_column_widths', input: { sheet: s.name, widths: { [letter]: Math.max(12, name.length + 4) } } });
          });
          return calls;
        });
        sample = true;
        done.push(`added column${names.length > 1 ? 's' : ''} ${names.map((n) => `"${n}"`).join(', ')} to "${s.name}"`);
        continue;
      }
    }
    if ((m = /\badd\s+(?:a\s+|an\s+)?(?:(bar|column|line|pie)\s+)?(?:chart|graph)(?:\s+(?:to|on|in|for)\s+(?:the\s+)?(?:sheet\s+)?["“]?([^"”]+?)["”]?(?:\s+(?:sheet|tab))?)?$/i.exec(clause))) {
      const s = findSheet(m[2]);
      if (s?.usedRange && s.headers.length >= 2) {
        const r = parseRange(s.usedRange);
        const headerRow = s.headerRow ?? r.from.row;
        const type = (m[1]?.toLowerCase() ?? 'column') as 'bar' | 'column' | 'line' | 'pie';
        const id = `chart_${index.sheets.reduce((n, x) => n + x.charts.length, 0) + batches.length + 1}`;
        const width = r.to.col - r.from.col + 1;
        const dataRange = `${numberToColumn(r.from.col)}${headerRow + 1}:${numberToColumn(r.to.col)}${r.to.row}`;
        batches.push([{ toolName: 'read_range', input: { sheet: s.name, range: dataRange } }]);
        batches.push((prior: PriorResults) => {
          const read = prior[prior.length - 1] as { rows?: unknown[][] } | undefined;
          const rows = read?.rows ?? [];
          const firstRow = rows[0] ?? [];
          const numericCols = firstRow.map((v, j) => (typeof v === 'number' && j > 0 ? j : -1)).filter((j) => j >= 0).slice(0, type === 'pie' ? 1 : 3);
          if (!numericCols.length) return [];
          // data rows: up to the first empty or "Total" label
          let count = 0;
          while (count < rows.length && rows[count]?.[0] !== null && !(typeof rows[count]?.[0] === 'string' && /^total/i.test(String(rows[count]?.[0])))) count++;
          const last = headerRow + Math.max(count, 1);
          const cat = numberToColumn(r.from.col);
          return [
            {
              toolName: 'add_chart',
              input: {
                sheet: s.name,
                id,
                type,
                title: `${s.name}: ${numericCols.map((j) => s.headers[j] ?? numberToColumn(r.from.col + j)).join(', ')}`,
                categories: `${cat}${headerRow + 1}:${cat}${last}`,
                series: numericCols.map((j) => ({ name: s.headers[j] ?? `Series ${j}`, values: `${numberToColumn(r.from.col + j)}${headerRow + 1}:${numberToColumn(r.from.col + j)}${last}` })),
                anchor: `${numberToColumn(r.from.col + width + 1)}${headerRow}:${numberToColumn(r.from.col + width + 8)}${headerRow + 17}`,
              },
            },
          ];
        });
        done.push(`added a ${type} chart to "${s.name}"`);
        continue;
      }
    }
    if ((m = /\b(?:change|set|update|rename)\s+the\s+(?:workbook\s+)?title\s+to\s+["“]?([^"”]+?)["”]?$/i.exec(clause))) {
      const s = index.sheets[0];
      if (s) {
        batches.push([{ toolName: 'write_range', input: { sheet: s.name, start: 'A1', rows: [[m[1]!.trim()]] } }]);
        done.push(`changed the title to "${m[1]!.trim()}"`);
        continue;
      }
    }
  }
  if (!batches.length) {
    return { batches, summary: `The offline model could not find an edit it understands in "${input.request.slice(0, 120)}"; the workbook (${sheets.join(', ')}) is unchanged. It understands: add a sheet/column/chart, rename or delete a sheet, change the title. (offline model)` };
  }
  return { batches, summary: `${capitalize(done.join('; '))}.${sample ? ' New numbers are sample data.' : ''} (offline model)` };
}

export function planWorkbook(input: PlanInput): OfflinePlan {
  if (input.memory?.index.kind === 'workbook') return resumePlan(input, input.memory.index);
  return newWorkbookPlan(input);
}

