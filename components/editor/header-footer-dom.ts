// A formatted header/footer drawn for one page of the page view (the gap widgets between sheets):
// its paragraphs with their alignment and run formatting, the page fields filled in. A paragraph
// with tabs is laid out on the Header/Footer styles' stops: left, centre, right.
import { readableColor, type HfDoc, type HfInline } from '@/lib/document/header-footer';

function inlineEl(n: HfInline, page: number, pages: number): Node {
  if (n.type === 'hardBreak') return document.createElement('br');
  const span = document.createElement('span');
  span.textContent = n.type === 'field' ? String(n.attrs.kind === 'pages' ? pages : page) : n.text;
  for (const m of n.marks ?? []) {
    if (m.type === 'bold') span.style.fontWeight = '700';
    else if (m.type === 'italic') span.style.fontStyle = 'italic';
    else if (m.type === 'underline') span.style.textDecoration = `${span.style.textDecoration} underline`.trim();
    else if (m.type === 'strike') span.style.textDecoration = `${span.style.textDecoration} line-through`.trim();
    else if (m.type === 'textStyle') {
      if (m.attrs?.color) span.style.color = readableColor(m.attrs.color);
      if (m.attrs?.fontSize) span.style.fontSize = `${m.attrs.fontSize}pt`;
    }
  }
  return span;
}

/** Inline content split at tabs (a tab inside a text run splits it). */
function tabSegments(content: HfInline[]): HfInline[][] {
  const segs: HfInline[][] = [[]];
  for (const n of content) {
    if (n.type !== 'text' || !n.text.includes('\t')) {
      segs[segs.length - 1]!.push(n);
      continue;
    }
    n.text.split('\t').forEach((t, k) => {
      if (k) segs.push([]);
      if (t) segs[segs.length - 1]!.push({ ...n, text: t });
    });
  }
  return segs;
}

export function headerFooterDom(hf: HfDoc, page: number, pages: number): HTMLElement {
  const box = document.createElement('div');
  box.className = 'ds-hf';
  for (const p of hf.content) {
    const para = document.createElement('div');
    para.className = 'ds-hf-p';
    const segs = tabSegments(p.content ?? []);
    if (segs.length > 1) {
      para.classList.add('ds-hf-tabs');
      segs.slice(0, 3).forEach((seg, k) => {
        const cell = document.createElement('span');
        cell.style.textAlign = ['left', 'center', 'right'][k]!;
        for (const n of seg) cell.appendChild(inlineEl(n, page, pages));
        para.appendChild(cell);
      });
    } else {
      if (p.attrs?.textAlign) para.style.textAlign = p.attrs.textAlign;
      for (const n of p.content ?? []) para.appendChild(inlineEl(n, page, pages));
      // an empty paragraph keeps its line
      if (!p.content?.length) para.appendChild(document.createElement('br'));
    }
    box.appendChild(para);
  }
  return box;
}
