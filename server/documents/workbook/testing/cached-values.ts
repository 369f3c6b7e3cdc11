/**
 * Test helper: the cached value of every formula cell of an .xlsx file, straight from the sheet
 * XML (shared strings resolved) — an independent reader of what a renderer wrote.
 */
import JSZip from 'jszip';
import { XMLParser } from 'fast-xml-parser';
import { sheetPaths } from '../xlsx-chart-parts';
import type { EvalValue } from '../evaluate-formulas';

type Node = Record<string, unknown>;

function text(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'object') {
    const t = (v as Node)['#text'];
    return typeof t === 'string' || typeof t === 'number' || typeof t === 'boolean' ? String(t) : '';
  }
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
}

/** Per sheet name, per address: the cached value of each formula cell (undefined when none is cached). */
export async function readCachedFormulaValues(bytes: Uint8Array): Promise<Map<string, Map<string, EvalValue | undefined>>> {
  const zip = await JSZip.loadAsync(bytes);
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', removeNSPrefix: true, parseTagValue: false, trimValues: false, isArray: (n) => ['row', 'c', 'si', 'r'].includes(n) });
  const strings: string[] = [];
  const sst = zip.file('xl/sharedStrings.xml');
  if (sst) {
    const doc = parser.parse(await sst.async('string')) as Node;
    for (const si of ((doc.sst as Node | undefined)?.si as Node[] | undefined) ?? []) {
      if (si.t !== undefined) strings.push(text(si.t) ?? '');
      else strings.push(((si.r as Node[] | undefined) ?? []).map((r) => text(r.t) ?? '').join(''));
    }
  }
  const out = new Map<string, Map<string, EvalValue | undefined>>();
  for (const [name, p] of await sheetPaths(zip)) {
    const file = zip.file(p);
    if (!file) continue;
    const doc = parser.parse(await file.async('string')) as Node;
    const m = new Map<string, EvalValue | undefined>();
    const rows = (((doc.worksheet as Node | undefined)?.sheetData as Node | undefined)?.row as Node[] | undefined) ?? [];
    for (const row of rows) {
      for (const c of (row.c as Node[] | undefined) ?? []) {
        if (c.f === undefined) continue;
        const v = text(c.v);
        const t = c['@t'] as string | undefined;
        let value: EvalValue | undefined;
        if (v === undefined) value = t === 'inlineStr' ? (text((c.is as Node | undefined)?.t) ?? '') : undefined;
        else if (t === 's') value = strings[Number(v)] ?? '';
        else if (t === 'str' || t === 'inlineStr') value = v;
        else if (t === 'b') value = v === '1' || v === 'true';
        else if (t === 'e') value = { error: v };
        else value = Number(v);
        m.set(c['@r'] as string, value);
      }
    }
    out.set(name, m);
  }
  return out;
}
