/**
 * Verification after rendering a deck: the package is sound, it re-opens (our JSZip/XML reader),
 * slide count, titles, charts, tables and notes match the model, and optionally LibreOffice converts it.
 */
import { checkPackage } from '../common/check-package';
import { libreOfficeOpens } from '../workbook/verify-xlsx';
import { importPptx } from './import-pptx';
import { summarizeDeck, type DeckSummary } from './summarize-deck';
import type { Deck } from './schema';

export interface VerifyPptxReport {
  ok: boolean;
  problems: string[];
  summary: DeckSummary;
  readBack?: Deck;
}

export async function verifyPptx(buffer: Buffer, opts: { model?: Deck; libreOffice?: boolean } = {}): Promise<VerifyPptxReport> {
  const pkg = await checkPackage(buffer);
  const problems = [...pkg.problems];
  let readBack: Deck | undefined;
  try {
    readBack = (await importPptx(buffer)).deck;
  } catch (e) {
    problems.push(`the file could not be re-opened: ${(e as Error).message}`);
  }
  if (opts.model && readBack) {
    if (readBack.slides.length !== Math.max(1, opts.model.slides.length) && opts.model.slides.length > 0)
      problems.push(`expected ${opts.model.slides.length} slides, the file has ${readBack.slides.length}`);
    opts.model.slides.forEach((s, i) => {
      const r = readBack.slides[i];
      if (!r) return;
      const rTitle = r.title ?? r.elements.flatMap((e) => (e.kind === 'text' ? e.paragraphs.flatMap((p) => p.runs.map((x) => x.text)) : [])).join('');
      if (s.title && !rTitle.includes(s.title)) problems.push(`slide ${i + 1}: title "${s.title}" not found`);
      const count = (d: typeof s, k: string) => d.elements.filter((e) => e.kind === k).length;
      for (const k of ['chart', 'table', 'image']) {
        if (count(s, k) !== count(r, k)) problems.push(`slide ${i + 1}: ${count(s, k)} ${k}(s) in the model, ${count(r, k)} in the file`);
      }
      if ((s.notes ?? '').trim() !== (r.notes ?? '').trim()) problems.push(`slide ${i + 1}: speaker notes differ`);
    });
  }
  if (opts.libreOffice) problems.push(...(await libreOfficeOpens(buffer, 'pptx')));
  const summary = summarizeDeck(readBack ?? opts.model ?? { theme: { headingFont: 'Calibri', bodyFont: 'Calibri', colors: { primary: '#1F4E79', accent: '#ED7D31', background: '#FFFFFF', text: '#262626', muted: '#7F7F7F' } }, slides: [] });
  return { ok: problems.length === 0, problems, summary, ...(readBack ? { readBack } : {}) };
}
