/**
 * Applies a formula rewrite to every place of a workbook that holds a formula or a reference:
 * cell formulas, conditional-format rules, data validations, print areas, table column formulas,
 * chart series, hyperlink locations and defined names. Copy-on-write: a sheet (and its cells object) is copied
 * only when something in it changes. Also decides what to do where the model cannot hold a
 * #REF! (a chart series or a hyperlink location is dropped, with a warning).
 */
import type { Cell, CfRule, Chart, ChartSeries, ConditionalFormat, DataValidation, DefinedName, Hyperlink, Sheet, Workbook } from '../schema';
import type { FormulaRewrite } from './formula-refs';
import { tokenizeFormula } from './formula-tokens';
import type { StructureWarning } from './types';

export interface FormulaSite {
  /** the sheet unqualified references point into; undefined for workbook-scoped names */
  sheet: string | undefined;
  /** for warnings: "Sheet1!B5", "name Revenue", … */
  location: string;
}

/** Returns the rewritten formula, or undefined when the formula is unaffected. */
export type FormulaMapper = (formula: string, site: FormulaSite) => FormulaRewrite | undefined;

export interface MapWorkbookOptions {
  /** leave the cells, conditional formats, validations and print area of this sheet alone (already done) */
  skipSheetContents?: string;
  /** what is being done, for warning messages ("inserting rows in Sheet1") */
  action: string;
}

function noteRewrite(r: FormulaRewrite, site: FormulaSite, what: string, opts: MapWorkbookOptions, warnings: StructureWarning[]): void {
  if (r.refErrors > 0) {
    warnings.push({ code: 'ref-error', message: `${what} at ${site.location} now contains #REF! after ${opts.action}`, location: site.location });
  }
  if (r.skipped3d > 0) {
    warnings.push({
      code: '3d-ref-not-adjusted',
      message: `${what} at ${site.location} has a 3-D reference spanning the edited sheet; like Excel, it was not adjusted (${opts.action})`,
      location: site.location,
    });
  }
}

/** Splits a reference list such as a print area ("A1:B5,Sheet1!D1:E5") at its top-level commas. */
export function splitRefList(text: string): string[] {
  const parts: string[] = [];
  let cur = '';
  let depth = 0;
  for (const t of tokenizeFormula(text)) {
    if (t.kind === 'op' && (t.text === '(' || t.text === '{')) depth++;
    if (t.kind === 'op' && (t.text === ')' || t.text === '}')) depth--;
    if (t.kind === 'op' && t.text === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += t.text;
  }
  parts.push(cur);
  return parts;
}

/** A chart series name that is a reference ("Sales!B1"), as opposed to a literal name. */
export function isSeriesNameRef(name: string): boolean {
  const toks = tokenizeFormula(name.trim());
  return toks.length === 1 && toks[0]!.kind === 'ref' && toks[0]!.prefix !== undefined;
}

function mapCells(sheet: Sheet, map: FormulaMapper, opts: MapWorkbookOptions, warnings: StructureWarning[]): Record<string, Cell> | undefined {
  let out: Record<string, Cell> | undefined;
  const cells = sheet.cells;
  for (const addr in cells) {
    const cell = cells[addr]!;
    if (cell.formula === undefined) continue;
    const site = { sheet: sheet.name, location: `${sheet.name}!${addr}` };
    const r = map(cell.formula, site);
    if (!r) continue;
    noteRewrite(r, site, 'The formula', opts, warnings);
    if (r.formula === cell.formula) continue;
    out ??= { ...cells };
    const next: Cell = { ...cell, formula: r.formula };
    if (r.refErrors > 0) delete next.value;
    out[addr] = next;
  }
  return out;
}

function mapRule(rule: CfRule, map: (f: string) => string | undefined): CfRule {
  switch (rule.type) {
    case 'expression': {
      const f = map(rule.formula);
      return f === undefined ? rule : { ...rule, formula: f };
    }
    case 'cellIs': {
      let changed = false;
      const values = rule.values.map((v) => {
        if (typeof v !== 'string') return v;
        const f = map(v);
        if (f === undefined) return v;
        changed = true;
        return f;
      });
      return changed ? { ...rule, values } : rule;
    }
    case 'dataBar':
    case 'colorScale':
    case 'iconSet': {
      if (!rule.cfvo) return rule;
      let changed = false;
      const cfvo = rule.cfvo.map((c) => {
        if (typeof c.value !== 'string') return c;
        const f = map(c.value);
        if (f === undefined) return c;
        changed = true;
        return { ...c, value: f };
      });
      return changed ? ({ ...rule, cfvo }) : rule;
    }
    default:
      return rule;
  }
}

/** Rewrites the formulas of one conditional format; returns the same object when nothing changed. */
export function mapConditionalFormat(cf: ConditionalFormat, map: (f: string) => string | undefined): ConditionalFormat {
  const rule = mapRule(cf.rule, map);
  return rule === cf.rule ? cf : { ...cf, rule };
}

/** Rewrites formula1/formula2 of a data validation; returns the same object when nothing changed. */
export function mapDataValidation(dv: DataValidation, map: (f: string) => string | undefined): DataValidation {
  let out = dv;
  for (const k of ['formula1', 'formula2'] as const) {
    const v = dv[k];
    if (v === undefined) continue;
    const f = map(v);
    if (f !== undefined) out = { ...out, [k]: f };
  }
  return out;
}

function mapChart(chart: Chart, sheet: Sheet, map: FormulaMapper, opts: MapWorkbookOptions, warnings: StructureWarning[]): Chart | undefined | null {
  const where = `${sheet.name} chart ${chart.id}`;
  let changed = false;
  const apply = (ref: string, what: string): string | null => {
    const site = { sheet: sheet.name, location: where };
    const r = map(ref, site);
    if (!r) return ref;
    if (r.skipped3d) noteRewrite({ ...r, refErrors: 0 }, site, what, opts, warnings);
    if (r.refErrors > 0) return null;
    if (r.formula !== ref) changed = true;
    return r.formula;
  };
  let categories = chart.categories;
  if (categories !== undefined) {
    const c = apply(categories, 'The chart categories');
    if (c === null) {
      warnings.push({ code: 'chart-categories-removed', message: `The categories of chart "${chart.id}" on ${sheet.name} pointed at deleted cells and were removed (${opts.action})`, location: where });
      categories = undefined;
      changed = true;
    } else categories = c;
  }
  const series: ChartSeries[] = [];
  chart.series.forEach((s, i) => {
    const values = apply(s.values, 'A chart series');
    if (values === null) {
      warnings.push({ code: 'chart-series-removed', message: `Series ${i + 1} of chart "${chart.id}" on ${sheet.name} pointed at deleted cells and was removed (${opts.action})`, location: where });
      changed = true;
      return;
    }
    let next: ChartSeries = values === s.values ? s : { ...s, values };
    if (s.categories !== undefined) {
      const c = apply(s.categories, 'A chart series');
      if (c === null) {
        warnings.push({ code: 'chart-categories-removed', message: `The categories of series ${i + 1} of chart "${chart.id}" on ${sheet.name} pointed at deleted cells and were removed (${opts.action})`, location: where });
        next = { ...next };
        delete next.categories;
        changed = true;
      } else if (c !== s.categories) next = { ...next, categories: c };
    }
    if (s.name !== undefined && isSeriesNameRef(s.name)) {
      const n = apply(s.name, 'A chart series name');
      if (n === null) {
        warnings.push({ code: 'chart-series-name-removed', message: `The name of series ${i + 1} of chart "${chart.id}" on ${sheet.name} pointed at a deleted cell and was removed (${opts.action})`, location: where });
        next = { ...next };
        delete next.name;
        changed = true;
      } else if (n !== s.name) next = { ...next, name: n };
    }
    series.push(next);
  });
  if (series.length === 0) {
    warnings.push({ code: 'chart-removed', message: `Chart "${chart.id}" on ${sheet.name} lost all its series and was removed (${opts.action})`, location: where });
    return null;
  }
  if (!changed) return undefined;
  const out: Chart = { ...chart, series };
  if (categories === undefined) delete out.categories;
  else out.categories = categories;
  return out;
}

function mapHyperlink(h: Hyperlink, sheet: Sheet, map: FormulaMapper, opts: MapWorkbookOptions, warnings: StructureWarning[]): Hyperlink | undefined | null {
  if (h.location === undefined) return undefined;
  const location = `${sheet.name}!${h.ref}`;
  const r = map(h.location, { sheet: sheet.name, location });
  if (!r || r.formula === h.location) return undefined;
  if (r.refErrors > 0) {
    const next: Hyperlink = { ...h };
    delete next.location;
    const removed = next.target === undefined;
    warnings.push({
      code: 'hyperlink-location-removed',
      message: `The hyperlink at ${location} pointed at ${h.location}, which no longer exists; ${removed ? 'the link was removed' : 'its location was removed'} (${opts.action})`,
      location,
    });
    return removed ? null : next;
  }
  return { ...h, location: r.formula };
}

/** Rewrites a print area; parts that became #REF! are dropped. Returns null when none is left. */
export function mapPrintArea(area: string, sheetName: string, map: FormulaMapper): { area: string | null; changed: boolean; dropped: number } {
  const parts = splitRefList(area);
  let changed = false;
  const kept: string[] = [];
  for (const p of parts) {
    const r = map(p, { sheet: sheetName, location: `${sheetName} print area` });
    if (!r) {
      kept.push(p);
      continue;
    }
    if (r.refErrors > 0) {
      changed = true;
      continue;
    }
    if (r.formula !== p) changed = true;
    kept.push(r.formula);
  }
  return { area: kept.length ? kept.join(',') : null, changed, dropped: parts.length - kept.length };
}

export function mapWorkbookFormulas(wb: Workbook, map: FormulaMapper, opts: MapWorkbookOptions): { workbook: Workbook; warnings: StructureWarning[] } {
  const warnings: StructureWarning[] = [];
  const skipKey = opts.skipSheetContents?.toLowerCase();
  let sheetsChanged = false;
  const sheets = wb.sheets.map((sheet) => {
    let next: Sheet | undefined;
    const edit = (): Sheet => (next ??= { ...sheet });
    const own = sheet.name.toLowerCase() === skipKey;
    if (!own) {
      const cells = mapCells(sheet, map, opts, warnings);
      if (cells) edit().cells = cells;
      const mapOne = (location: string, what: string) => (f: string) => {
        const site = { sheet: sheet.name, location };
        const r = map(f, site);
        if (!r) return undefined;
        noteRewrite(r, site, what, opts, warnings);
        return r.formula === f ? undefined : r.formula;
      };
      let cfChanged = false;
      const cfs = sheet.conditionalFormats.map((cf) => {
        const n = mapConditionalFormat(cf, mapOne(`${sheet.name}!${cf.range}`, 'A conditional-format rule'));
        if (n !== cf) cfChanged = true;
        return n;
      });
      if (cfChanged) edit().conditionalFormats = cfs;
      if (sheet.dataValidations) {
        let dvChanged = false;
        const dvs = sheet.dataValidations.map((dv) => {
          const n = mapDataValidation(dv, mapOne(`${sheet.name}!${dv.range}`, 'A data validation'));
          if (n !== dv) dvChanged = true;
          return n;
        });
        if (dvChanged) edit().dataValidations = dvs;
      }
      if (sheet.print?.area !== undefined) {
        const r = mapPrintArea(sheet.print.area, sheet.name, map);
        if (r.changed) {
          const print = { ...sheet.print };
          if (r.area === null) {
            delete print.area;
            warnings.push({ code: 'print-setup-changed', message: `The print area of ${sheet.name} no longer exists and was removed (${opts.action})`, location: `${sheet.name} print area` });
          } else {
            print.area = r.area;
            if (r.dropped > 0) warnings.push({ code: 'print-setup-changed', message: `Part of the print area of ${sheet.name} no longer exists and was removed (${opts.action})`, location: `${sheet.name} print area` });
          }
          edit().print = print;
        }
      }
    }
    if (sheet.tables.some((t) => t.columns?.some((c) => c.calculatedColumnFormula !== undefined || c.totalsRowFormula !== undefined))) {
      let changed = false;
      const tables = sheet.tables.map((t) => {
        if (!t.columns) return t;
        let colsChanged = false;
        const columns = t.columns.map((c) => {
          let next = c;
          for (const k of ['calculatedColumnFormula', 'totalsRowFormula'] as const) {
            const f = c[k];
            if (f === undefined) continue;
            const site = { sheet: sheet.name, location: `${sheet.name} table ${t.name} column ${c.name}` };
            const r = map(f, site);
            if (!r) continue;
            noteRewrite(r, site, 'The table column formula', opts, warnings);
            if (r.formula !== f) next = { ...next, [k]: r.formula };
          }
          if (next !== c) colsChanged = true;
          return next;
        });
        if (!colsChanged) return t;
        changed = true;
        return { ...t, columns };
      });
      if (changed) edit().tables = tables;
    }
    if (sheet.charts.length) {
      let chartsChanged = false;
      const charts: Chart[] = [];
      for (const c of sheet.charts) {
        const n = mapChart(c, sheet, map, opts, warnings);
        if (n === undefined) charts.push(c);
        else {
          chartsChanged = true;
          if (n !== null) charts.push(n);
        }
      }
      if (chartsChanged) edit().charts = charts;
    }
    if (sheet.hyperlinks?.length) {
      let changed = false;
      const links: Hyperlink[] = [];
      for (const h of sheet.hyperlinks) {
        const n = mapHyperlink(h, sheet, map, opts, warnings);
        if (n === undefined) links.push(h);
        else {
          changed = true;
          if (n !== null) links.push(n);
        }
      }
      if (changed) edit().hyperlinks = links;
    }
    if (next) sheetsChanged = true;
    return next ?? sheet;
  });
  let definedNames = wb.definedNames;
  if (wb.definedNames) {
    let changed = false;
    const names = wb.definedNames.map((d): DefinedName => {
      const site = { sheet: d.sheet, location: `name ${d.name}${d.sheet ? ` (${d.sheet})` : ''}` };
      const r = map(d.ref, site);
      if (!r) return d;
      noteRewrite(r, site, 'The defined name', opts, warnings);
      if (r.formula === d.ref) return d;
      changed = true;
      return { ...d, ref: r.formula };
    });
    if (changed) definedNames = names;
  }
  if (!sheetsChanged && definedNames === wb.definedNames) return { workbook: wb, warnings };
  const workbook: Workbook = { ...wb, sheets };
  if (definedNames !== undefined) workbook.definedNames = definedNames;
  return { workbook, warnings };
}
