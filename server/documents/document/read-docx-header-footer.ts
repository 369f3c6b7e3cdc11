/**
 * A .docx header or footer part → formatted paragraphs (lib/document/header-footer.ts): each
 * paragraph's alignment; runs' bold, italic, underline, strike, colour and size; tabs and line
 * breaks; PAGE / NUMPAGES (and SECTIONPAGES) fields, simple or complex, as page fields. Other
 * fields keep their shown text. Lost: images, shapes and text boxes, tables (their paragraphs are
 * kept in order), fonts, formatting that comes from styles rather than the runs.
 */
import type { HfAlign, HfDoc, HfFieldKind, HfInline, HfMark, HfParagraph } from '../../../lib/document/header-footer';
import { unescapeXml } from '../workbook/xlsx-chart-parts';

const ALIGN: Record<string, HfAlign> = { left: 'left', start: 'left', center: 'center', right: 'right', end: 'right', both: 'justify', distribute: 'justify' };

function fieldKind(instr: string): HfFieldKind | undefined {
  const name = /^\s*(\w+)/.exec(instr)?.[1]?.toUpperCase();
  return name === 'PAGE' ? 'page' : name === 'NUMPAGES' || name === 'SECTIONPAGES' ? 'pages' : undefined;
}

function runMarks(rPr: string): HfMark[] {
  const on = (tag: string) => {
    const m = new RegExp(`<w:${tag}(?:\\s+w:val="([^"]*)")?\\s*/>`).exec(rPr);
    return !!m && !['0', 'false', 'off', 'none'].includes((m[1] ?? '').toLowerCase());
  };
  const marks: HfMark[] = [];
  if (on('b')) marks.push({ type: 'bold' });
  if (on('i')) marks.push({ type: 'italic' });
  if (on('u')) marks.push({ type: 'underline' });
  if (on('strike')) marks.push({ type: 'strike' });
  const color = /<w:color\s+w:val="([0-9A-Fa-f]{6})"/.exec(rPr)?.[1];
  const sz = Number(/<w:sz\s+w:val="(\d+)"/.exec(rPr)?.[1] ?? NaN);
  const attrs: NonNullable<HfMark['attrs']> = {};
  if (color) attrs.color = `#${color.toUpperCase()}`;
  if (sz > 0) attrs.fontSize = sz / 2;
  if (Object.keys(attrs).length) marks.push({ type: 'textStyle', attrs });
  return marks;
}

function push(out: HfInline[], node: HfInline): void {
  const last = out[out.length - 1];
  if (node.type === 'text' && last?.type === 'text' && JSON.stringify(last.marks ?? []) === JSON.stringify(node.marks ?? [])) last.text += node.text;
  else out.push(node);
}

function paragraph(body: string): HfParagraph {
  const pPr = /<w:pPr>([\s\S]*?)<\/w:pPr>/.exec(body)?.[1] ?? '';
  const align = ALIGN[/<w:jc\s+w:val="(\w+)"/.exec(pPr)?.[1] ?? ''];
  const content: HfInline[] = [];
  // complex fields: depth, the outer field's instruction and whether its shown result is skipped
  let depth = 0;
  let instr = '';
  let skipResult = false;
  let simple: { kind?: HfFieldKind; done: boolean } | null = null;
  const tokens = body.replace(/<w:pPr>[\s\S]*?<\/w:pPr>/, '').matchAll(/<w:fldSimple\b([^>]*?)(\/?)>|<\/w:fldSimple>|<w:r(?:\s[^>]*)?>([\s\S]*?)<\/w:r>/g);
  for (const t of tokens) {
    if (t[0].startsWith('<w:fldSimple')) {
      const kind = fieldKind(unescapeXml(/w:instr="([^"]*)"/.exec(t[1] ?? '')?.[1] ?? ''));
      if (t[2]) {
        if (kind) push(content, { type: 'field', attrs: { kind } });
      } else simple = { kind, done: false };
      continue;
    }
    if (t[0] === '</w:fldSimple>') {
      if (simple?.kind && !simple.done) push(content, { type: 'field', attrs: { kind: simple.kind } });
      simple = null;
      continue;
    }
    const run = t[3] ?? '';
    const marks = runMarks(/<w:rPr>([\s\S]*?)<\/w:rPr>/.exec(run)?.[1] ?? '');
    const m = marks.length ? { marks } : {};
    if (simple?.kind) {
      // the field's shown result: the field takes the run's formatting
      if (!simple.done) push(content, { type: 'field', attrs: { kind: simple.kind }, ...m });
      simple.done = true;
      continue;
    }
    const inner = run.replace(/<w:rPr>[\s\S]*?<\/w:rPr>/, '');
    for (const c of inner.matchAll(/<w:(fldChar|instrText|t|tab|br|cr|noBreakHyphen)\b([^>]*?)(?:\/>|>([\s\S]*?)<\/w:\1>)/g)) {
      const [, tag, attrs = '', text = ''] = c;
      if (tag === 'fldChar') {
        const type = /w:fldCharType="(\w+)"/.exec(attrs)?.[1];
        if (type === 'begin') {
          if (depth++ === 0) instr = '';
        } else if (type === 'separate' && depth === 1) {
          const kind = fieldKind(instr);
          if (kind) push(content, { type: 'field', attrs: { kind }, ...m });
          skipResult = !!kind;
          instr = '\u0000';
        } else if (type === 'end' && depth > 0) {
          if (--depth === 0) {
            // a field without a shown result
            const kind = instr !== '\u0000' ? fieldKind(instr) : undefined;
            if (kind) push(content, { type: 'field', attrs: { kind }, ...m });
            skipResult = false;
            instr = '';
          }
        }
        continue;
      }
      if (tag === 'instrText') {
        if (depth === 1 && instr !== '\u0000') instr += unescapeXml(text);
        continue;
      }
      // inside an instruction, or the shown result of a page field
      if ((depth > 0 && instr !== '\u0000') || skipResult) continue;
      if (tag === 't') push(content, { type: 'text', text: unescapeXml(text), ...m });
      else if (tag === 'tab') push(content, { type: 'text', text: '\t', ...m });
      else if (tag === 'noBreakHyphen') push(content, { type: 'text', text: '-', ...m });
      else push(content, { type: 'hardBreak', ...m });
    }
  }
  return { type: 'paragraph', ...(align && align !== 'left' ? { attrs: { textAlign: align } } : {}), ...(content.length ? { content } : {}) };
}

/** The part's paragraphs; undefined when it shows no text and no page field. */
export function readHeaderFooterXml(xml: string): HfDoc | undefined {
  // text boxes, drawings and alternate content hold paragraphs of their own
  const flat = xml.replace(/<mc:AlternateContent\b[\s\S]*?<\/mc:AlternateContent>|<w:drawing\b[\s\S]*?<\/w:drawing>|<w:pict\b[\s\S]*?<\/w:pict>/g, '');
  const paras = [...flat.matchAll(/<w:p(?:\s[^>]*)?(?:\/>|>([\s\S]*?)<\/w:p>)/g)].map((m) => paragraph(m[1] ?? ''));
  const hasContent = (p: HfParagraph) => (p.content ?? []).some((n) => n.type === 'field' || (n.type === 'text' && n.text.trim() !== ''));
  const first = paras.findIndex(hasContent);
  if (first < 0) return undefined;
  let last = paras.length - 1;
  while (!hasContent(paras[last]!)) last--;
  // within the schema's limits
  const clamp = (p: HfParagraph): HfParagraph =>
    p.content ? { ...p, content: p.content.slice(0, 200).map((n) => (n.type === 'text' ? { ...n, text: n.text.slice(0, 2_000) } : n)) } : p;
  return { type: 'doc', content: paras.slice(first, last + 1).slice(0, 20).map(clamp) };
}
