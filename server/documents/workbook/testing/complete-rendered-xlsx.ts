/**
 * Test helper: adds to a rendered .xlsx the model features that change formula values but that
 * the renderer may not write (yet): defined names, the 1904 date system and hidden rows. Each is
 * added only when the package lacks it, so a renderer that writes them is left untouched.
 * Returns which features had to be added (the agreement test prints them).
 */
import JSZip from 'jszip';
import { sheetPaths } from '../xlsx-chart-parts';
import type { Workbook } from '../schema';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export async function completeRenderedXlsx(bytes: Uint8Array, wb: Workbook): Promise<{ bytes: Uint8Array; added: string[] }> {
  const zip = await JSZip.loadAsync(bytes);
  const added: string[] = [];
  let wbXml = await zip.file('xl/workbook.xml')!.async('string');
  const before = wbXml;

  if (wb.date1904 && !/<workbookPr\b[^>]*\bdate1904="(?:1|true)"/.test(wbXml)) {
    if (/<workbookPr\b/.test(wbXml)) wbXml = wbXml.replace(/<workbookPr\b/, '<workbookPr date1904="1"');
    else wbXml = wbXml.replace(/<sheets>/, '<workbookPr date1904="1"/><sheets>');
    added.push('date1904');
  }

  // (name, sheet index) pairs the package defines already
  const present = new Set<string>();
  for (const m of wbXml.matchAll(/<definedName\b[^>]*>/g)) {
    const name = /\bname="([^"]*)"/.exec(m[0])?.[1];
    const lid = /\blocalSheetId="(\d+)"/.exec(m[0])?.[1];
    if (name !== undefined) present.add(`${name.toLowerCase()}|${lid ?? ''}`);
  }
  const localId = (d: { sheet?: string }) => (d.sheet === undefined ? -1 : wb.sheets.findIndex((s) => s.name.toLowerCase() === d.sheet!.toLowerCase()));
  const missing = (wb.definedNames ?? []).filter((d) => {
    const lid = localId(d);
    return !present.has(`${esc(d.name).toLowerCase()}|${lid >= 0 ? lid : ''}`);
  });
  if (missing.length) {
    const items = missing
      .map((d) => {
        const lid = localId(d);
        return `<definedName name="${esc(d.name)}"${lid >= 0 ? ` localSheetId="${lid}"` : ''}>${esc(d.ref)}</definedName>`;
      })
      .join('');
    if (wbXml.includes('</definedNames>')) wbXml = wbXml.replace('</definedNames>', `${items}</definedNames>`);
    else if (wbXml.includes('<definedNames/>')) wbXml = wbXml.replace('<definedNames/>', `<definedNames>${items}</definedNames>`);
    else wbXml = wbXml.replace('</sheets>', `</sheets><definedNames>${items}</definedNames>`);
    added.push(`definedNames(${missing.length})`);
  }
  if (wbXml !== before) zip.file('xl/workbook.xml', wbXml);

  const paths = await sheetPaths(zip);
  for (const sheet of wb.sheets) {
    const hiddenRows = Object.entries(sheet.rows)
      .filter(([, spec]) => spec.hidden)
      .map(([r]) => r);
    if (!hiddenRows.length) continue;
    const part = paths.get(sheet.name);
    if (!part) continue;
    let xml = await zip.file(part)!.async('string');
    let n = 0;
    for (const r of hiddenRows) {
      xml = xml.replace(new RegExp(`<row\\b([^>]*?)\\br="${r}"([^>]*?)(/?)>`), (whole, a: string, b: string, close: string) => {
        if (/\bhidden="(?:1|true)"/.test(whole)) return whole;
        n++;
        return `<row${a}r="${r}"${b} hidden="1"${close}>`;
      });
    }
    if (n) {
      zip.file(part, xml);
      added.push(`hidden rows on ${sheet.name} (${n})`);
    }
  }
  if (!added.length) return { bytes, added };
  return { bytes: await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' }), added };
}
