// The document editor's page view: the body is laid out on page-sized sheets like the exported PDF.
// After each change the top-level blocks are measured (height plus top and bottom spacing, added as
// Word adds "space before" and "space after"); where a block no longer fits the text area of the
// page, or after an explicit page break, a gap widget is placed: the rest of the page, the footer
// in the bottom margin, the grey gap between sheets and the next page's header (page fields filled
// in). A paragraph, list or quote that does not fit is split between its lines, as Word and
// LibreOffice split it (no widow/orphan control: the .docx does not ask for it) — the gap widget
// then sits inside the paragraph, at the start of the first line of the next page. A heading keeps
// with the first line of what follows it. A block that cannot be split (a table, an image) moves to
// the next page, or runs on across the sheets when it is taller than a page. The estimate follows
// the editor's own rendering of the document's fonts at the page's text width; Word's line breaking
// may differ by a line here and there. With a different first page, page 1's footer (in the first
// widget) is the first page's own and the other pages have the default ones; the editor may give
// the first widget two slots (elements holding its margin editors) for page 1's footer and page 2's
// header, drawn there instead of the static copies, and events inside them are left to those editors.
import { Extension } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { Decoration, DecorationSet, type EditorView } from '@tiptap/pm/view';
import { headerFooterOnPage, type HfDoc } from '@/lib/document/header-footer';
import { headerFooterDom } from './header-footer-dom';

export interface PageLayout {
  /** the text area's height and the margin, in the same CSS pixels the blocks are measured in */
  contentHeightPx: number;
  marginPx: number;
  gapPx: number;
  header?: HfDoc;
  footer?: HfDoc;
  /** a different first page: page 1's own header and footer (none where absent) */
  first?: { header?: HfDoc; footer?: HfDoc };
  /** elements (kept by the editor, moved into each new first widget) for page 1's footer and page 2's header */
  slots?: { foot: HTMLElement; head: HTMLElement };
  /** measured pixels per CSS pixel (CSS zoom); the widgets are drawn in CSS pixels */
  scale: number;
}

export interface PageBreak {
  /** document position of the first block (or, inside a split block, the first line) of the new page */
  pos: number;
  /** empty space left at the bottom of the page before the break, px */
  fillPx: number;
  explicit: boolean;
  /** inside a block that is split: the block's indents from the text area's edges, px */
  inline?: { left: number; right: number };
}

/** A line of a block: where it starts in the document, its top and bottom below the block's top (margin included), px. */
export interface BlockLine {
  pos: number;
  top: number;
  bottom: number;
  inline: { left: number; right: number };
}

export interface LayoutBlock {
  pos: number;
  heightPx: number;
  pageBreak: boolean;
  /** a heading: stays on the page of the first line of what follows */
  keepNext?: boolean;
  /** a block that may split between lines: its lines (measured when needed) */
  lines?: () => BlockLine[];
}

export const pageBreaksKey = new PluginKey<DecorationSet>('docsmith-page-breaks');

/**
 * The first line of `lines` that goes to the next page when `avail` px are left on this one and
 * `consumed` px of the block are on earlier pages; -1 when not even the first remaining line fits.
 */
function cutLine(lines: BlockLine[], consumed: number, avail: number): number {
  const first = lines.findIndex((l) => l.top >= consumed - 0.5);
  if (first < 0) return -1;
  let j = first;
  while (j < lines.length && lines[j]!.bottom - consumed <= avail + 0.5) j++;
  return j === first || j >= lines.length ? -1 : j;
}

/** Where the pages break, from the blocks' measured heights (and, for a block that does not fit, its lines). */
export function layoutPages(blocks: LayoutBlock[], pageH: number): { breaks: PageBreak[]; pages: number; lastFillPx: number } {
  const breaks: PageBreak[] = [];
  let y = 0;
  let pages = 1;
  let breakAfter = false;
  const newPage = (b: PageBreak) => {
    breaks.push(b);
    y = 0;
    pages++;
  };
  blocks.forEach((b, i) => {
    if (breakAfter) {
      newPage({ pos: b.pos, fillPx: Math.max(0, pageH - y), explicit: true });
      breakAfter = false;
    }
    // a heading and the first line after it
    const next = blocks[i + 1];
    if (b.keepNext && next && !next.pageBreak && y > 0) {
      const nextLines = next.lines?.();
      const nextStart = nextLines?.length ? nextLines[0]!.bottom : next.heightPx <= pageH ? next.heightPx : 0;
      if (y + b.heightPx + nextStart > pageH && b.heightPx + nextStart <= pageH) newPage({ pos: b.pos, fillPx: Math.max(0, pageH - y), explicit: false });
    }
    let consumed = 0;
    for (;;) {
      const rest = b.heightPx - consumed;
      if (y + rest <= pageH + 0.5) {
        y += rest;
        break;
      }
      const lines = b.lines?.();
      const cut = lines ? cutLine(lines, consumed, pageH - y) : -1;
      if (lines && cut > 0) {
        const line = lines[cut]!;
        newPage({ pos: line.pos, fillPx: Math.max(0, pageH - y - (line.top - consumed)), explicit: false, inline: line.inline });
        consumed = line.top;
        continue;
      }
      if (y > 0 && consumed === 0) {
        newPage({ pos: b.pos, fillPx: Math.max(0, pageH - y), explicit: false });
        continue;
      }
      // cannot be split (a table, an image, a line taller than the page): runs on over the sheets
      y += rest;
      while (y > pageH) {
        y -= pageH;
        pages++;
      }
      break;
    }
    if (b.pageBreak) breakAfter = true;
  });
  return { breaks, pages, lastFillPx: Math.max(0, pageH - y) };
}

/** The slots the widget after `page` holds (only the first widget has them). */
const slotsAfter = (page: number, layout: PageLayout) => (page === 1 ? layout.slots : undefined);

/** What the widget after `page` draws itself: the footer of `page` and the header of the next, unless a slot holds them. */
function staticParts(page: number, layout: PageLayout): { footer?: HfDoc; header?: HfDoc } {
  const slots = slotsAfter(page, layout);
  const footer = slots ? undefined : headerFooterOnPage(layout, page).footer;
  const header = slots ? undefined : headerFooterOnPage(layout, page + 1).header;
  return { ...(footer ? { footer } : {}), ...(header ? { header } : {}) };
}

/** An event inside a slot: left to the margin editor in it. */
export function inHfSlot(e: Event): boolean {
  const t = e.target as Node | null;
  const el = t && (t.nodeType === 1 ? (t as Element) : t.parentElement);
  return !!el?.closest('[data-hf-slot]');
}

export function gapWidget(b: PageBreak, page: number, pages: number, layout: PageLayout): HTMLElement {
  const el = document.createElement('div');
  el.className = b.inline ? 'ds-page-gap ds-page-gap-inline' : 'ds-page-gap';
  el.contentEditable = 'false';
  const slots = slotsAfter(page, layout);
  // with editors in it, only the drawn parts are hidden from assistive technology
  if (!slots) el.setAttribute('aria-hidden', 'true');
  el.dataset.page = String(page);
  const css = (px: number) => `${px / (layout.scale || 1)}px`;
  el.style.height = css(b.fillPx + 2 * layout.marginPx + layout.gapPx);
  el.style.margin = `0 -${css(layout.marginPx + (b.inline?.right ?? 0))} 0 -${css(layout.marginPx + (b.inline?.left ?? 0))}`;
  const drawn = staticParts(page, layout);
  const part = (cls: string, height: number, hf?: HfDoc, n = page, slot?: HTMLElement) => {
    const d = document.createElement('div');
    d.className = cls;
    d.style.height = css(height);
    if (slot) d.appendChild(slot);
    else {
      if (slots) d.setAttribute('aria-hidden', 'true');
      if (hf) {
        const box = headerFooterDom(hf, n, pages);
        box.style.padding = `0 ${css(layout.marginPx)}`;
        d.appendChild(box);
      }
    }
    el.appendChild(d);
  };
  part('ds-page-rest', b.fillPx);
  part('ds-page-foot', layout.marginPx, drawn.footer, page, slots?.foot);
  part('ds-page-between', layout.gapPx);
  part('ds-page-head', layout.marginPx, drawn.header, page + 1, slots?.head);
  return el;
}

export interface PageBreaksOptions {
  /** the pages counted, and the empty space at the end of the last one (CSS px) */
  onLayout: (info: { pages: number; lastFillPx: number; breaks: PageBreak[] }) => void;
}

export interface PageBreaksStorage {
  /** shared by reference (the editor may copy the storage object itself) */
  box: { layout: PageLayout; remeasure: () => void };
  /** a new page size, header, footer or zoom: measure again */
  setLayout: (layout: PageLayout) => void;
}

const SPLITTABLE = new Set(['paragraph', 'bulletList', 'orderedList', 'blockquote']);

/** Height of the widgets inside a block (a split block holds its gap widget). */
function innerGaps(el: HTMLElement): HTMLElement[] {
  return [...el.querySelectorAll<HTMLElement>('.ds-page-gap')];
}

function blockHeight(el: HTMLElement): number {
  const cs = getComputedStyle(el);
  const gaps = innerGaps(el).reduce((a, g) => a + g.offsetHeight, 0);
  return el.offsetHeight - gaps + (parseFloat(cs.marginTop) || 0) + (parseFloat(cs.marginBottom) || 0);
}

/**
 * The lines of a block as they would be without the widgets in it: each character's box gives its
 * line (a new line when a character sits lower than half the current line); the boundary between
 * two lines is halfway between them (the line boxes' half-leading).
 */
function measureLines(view: EditorView, el: HTMLElement): BlockLine[] {
  const box = el.getBoundingClientRect();
  // offset pixels per client pixel (CSS zoom)
  const f = box.height > 0 ? el.offsetHeight / box.height : 1;
  const cs = getComputedStyle(el);
  const marginTop = parseFloat(cs.marginTop) || 0;
  const gaps = innerGaps(el).map((g) => ({ bottom: g.getBoundingClientRect().bottom, h: g.offsetHeight }));
  const natural = (clientY: number) => (clientY - box.top) * f - gaps.filter((g) => g.bottom <= clientY + 1).reduce((a, g) => a + g.h, 0) + marginTop;
  const rootLeft = view.dom.getBoundingClientRect().left;
  const rootRight = view.dom.getBoundingClientRect().right;
  const raw: Array<{ pos: number; top: number; bottom: number; inline: BlockLine['inline'] }> = [];
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT, {
    acceptNode: (n) => {
      // the widgets' text, atoms (footnotes); a read-only editor is contenteditable=false as a whole
      const skip = n.parentElement?.closest('.ds-page-gap, [contenteditable="false"]');
      return skip && el.contains(skip) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
    },
  });
  const range = document.createRange();
  for (let t = walker.nextNode() as Text | null; t; t = walker.nextNode() as Text | null) {
    const text = t.data;
    for (let i = 0; i < text.length; i++) {
      if (/\s/.test(text[i]!)) continue;
      range.setStart(t, i);
      range.setEnd(t, i + 1);
      const r = range.getClientRects()[0];
      if (!r || r.height === 0) continue;
      const top = natural(r.top);
      const bottom = natural(r.bottom);
      const cur = raw[raw.length - 1];
      if (cur && top < cur.top + (cur.bottom - cur.top) / 2) {
        cur.bottom = Math.max(cur.bottom, bottom);
        continue;
      }
      const block = t.parentElement?.closest('p, li, blockquote') ?? el;
      const bb = block.getBoundingClientRect();
      raw.push({ pos: view.posAtDOM(t, i), top, bottom, inline: { left: (bb.left - rootLeft) * f, right: (rootRight - bb.right) * f } });
    }
  }
  const height = blockHeight(el) - (parseFloat(cs.marginBottom) || 0);
  return raw.map((l, k) => ({
    pos: l.pos,
    top: k === 0 ? marginTop : (raw[k - 1]!.bottom + l.top) / 2,
    bottom: k === raw.length - 1 ? height : (l.bottom + raw[k + 1]!.top) / 2,
    inline: l.inline,
  }));
}

export const PageBreaks = Extension.create<PageBreaksOptions, PageBreaksStorage>({
  name: 'pageBreaksView',
  addOptions() {
    return { onLayout: () => {} };
  },
  addStorage() {
    const box: PageBreaksStorage['box'] = { layout: { contentHeightPx: 1000, marginPx: 96, gapPx: 16, scale: 1 }, remeasure: () => {} };
    return {
      box,
      setLayout: (layout: PageLayout) => {
        box.layout = layout;
        box.remeasure();
      },
    };
  },
  addProseMirrorPlugins() {
    const box = this.storage.box;
    const opts = { onLayout: (info: Parameters<PageBreaksOptions['onLayout']>[0]) => this.options.onLayout(info), layout: () => box.layout };
    return [
      new Plugin<DecorationSet>({
        key: pageBreaksKey,
        state: {
          init: () => DecorationSet.empty,
          apply: (tr, old) => (tr.getMeta(pageBreaksKey) as DecorationSet | undefined) ?? old.map(tr.mapping, tr.doc),
        },
        props: { decorations: (state) => pageBreaksKey.getState(state) },
        view: (view: EditorView) => {
          let frame = 0;
          let signature = '';
          const measure = () => {
            frame = 0;
            if (!view.dom.isConnected) return;
            const layout = opts.layout();
            const blocks: LayoutBlock[] = [];
            view.state.doc.forEach((node, offset) => {
              const el = view.nodeDOM(offset);
              if (!(el instanceof HTMLElement)) return;
              let lines: BlockLine[] | undefined;
              blocks.push({
                pos: offset,
                heightPx: blockHeight(el),
                pageBreak: node.type.name === 'pageBreak',
                ...(node.type.name === 'heading' ? { keepNext: true } : {}),
                ...(SPLITTABLE.has(node.type.name) ? { lines: () => (lines ??= measureLines(view, el)) } : {}),
              });
            });
            const { breaks, pages, lastFillPx } = layoutPages(blocks, layout.contentHeightPx);
            opts.onLayout({ pages, lastFillPx: lastFillPx / (layout.scale || 1), breaks });
            const hfKey = JSON.stringify([layout.header ?? null, layout.footer ?? null, layout.first ?? null, !!layout.slots]);
            const hfJson = new Map<HfDoc | undefined, string>();
            const json = (hf: HfDoc | undefined) => {
              let j = hfJson.get(hf);
              if (j === undefined) hfJson.set(hf, (j = JSON.stringify(hf ?? null)));
              return j;
            };
            const sig = JSON.stringify([breaks.map((b) => [b.pos, Math.round(b.fillPx), b.inline ? Math.round(b.inline.left) : -1]), pages, layout.contentHeightPx, layout.marginPx, layout.gapPx, layout.scale, hfKey]);
            if (sig === signature) return;
            signature = sig;
            let page = 1;
            const decos = breaks.map((b) => {
              const n = page++;
              // keyed by what it draws: the widget holding the slots stays while their editors are typed in
              const drawn = staticParts(n, layout);
              const slotted = !!slotsAfter(n, layout);
              const drawnKey = `${slotted ? 'slots' : pages}-${json(drawn.footer)}-${json(drawn.header)}`;
              const key = `page-${n}-${b.pos}-${Math.round(b.fillPx)}-${b.inline ? `${Math.round(b.inline.left)}-${Math.round(b.inline.right)}` : 'block'}-${drawnKey}`;
              return Decoration.widget(b.pos, () => gapWidget(b, n, pages, layout), { side: -1, ignoreSelection: true, key, ...(slotted ? { stopEvent: inHfSlot } : {}) });
            });
            view.dispatch(view.state.tr.setMeta(pageBreaksKey, DecorationSet.create(view.state.doc, decos)).setMeta('addToHistory', false));
          };
          const schedule = () => {
            if (!frame) frame = requestAnimationFrame(measure);
          };
          box.remeasure = () => {
            signature = '';
            schedule();
          };
          // images arrive after the text; the width changes with the window and the zoom
          view.dom.addEventListener('load', schedule, true);
          const ro = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(schedule);
          ro?.observe(view.dom);
          schedule();
          return {
            update: (v, prev) => {
              if (v.state.doc !== prev.doc) schedule();
            },
            destroy: () => {
              if (frame) cancelAnimationFrame(frame);
              view.dom.removeEventListener('load', schedule, true);
              ro?.disconnect();
            },
          };
        },
      }),
    ];
  },
});
