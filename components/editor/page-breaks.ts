// The document editor's page view: the body is laid out on page-sized sheets like the exported PDF.
// After each change the top-level blocks are measured (height plus top and bottom spacing, added as
// Word adds "space before" and "space after"); where a block no longer fits the text area of the
// page, or after an explicit page break, a gap widget is placed before it: the rest of the page,
// the footer in the bottom margin, the grey gap between sheets and the next page's header. A block
// taller than a page (a long table) runs on across the sheets. The estimate follows the editor's
// own rendering of the document's fonts at the page's text width; Word's line breaking may differ
// by a line here and there.
import { Extension } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { Decoration, DecorationSet, type EditorView } from '@tiptap/pm/view';

export interface PageLayout {
  /** the text area's height and the margin, in the same CSS pixels the blocks are measured in */
  contentHeightPx: number;
  marginPx: number;
  gapPx: number;
  header: string;
  footer: string;
  /** measured pixels per CSS pixel (CSS zoom); the widgets are drawn in CSS pixels */
  scale: number;
}

export interface PageBreak {
  /** document position of the first block of the new page */
  pos: number;
  /** empty space left at the bottom of the page before the break, px */
  fillPx: number;
  explicit: boolean;
}

export const pageBreaksKey = new PluginKey<DecorationSet>('docsmith-page-breaks');

/** Header/footer text of page n of total ({page} and {pages} replaced). */
export function pageText(template: string, page: number, pages: number): string {
  return template.replace(/\{page\}/g, String(page)).replace(/\{pages\}/g, String(pages));
}

function blockHeight(el: HTMLElement): number {
  const cs = getComputedStyle(el);
  return el.offsetHeight + (parseFloat(cs.marginTop) || 0) + (parseFloat(cs.marginBottom) || 0);
}

/** Where the pages break, from the blocks' measured heights. */
export function layoutPages(blocks: Array<{ pos: number; heightPx: number; pageBreak: boolean }>, pageH: number): { breaks: PageBreak[]; pages: number; lastFillPx: number } {
  const breaks: PageBreak[] = [];
  let y = 0;
  let breakAfter = false;
  for (const b of blocks) {
    if (breakAfter) {
      breaks.push({ pos: b.pos, fillPx: Math.max(0, pageH - y), explicit: true });
      y = 0;
      breakAfter = false;
    } else if (y > 0 && y + b.heightPx > pageH) {
      breaks.push({ pos: b.pos, fillPx: Math.max(0, pageH - y), explicit: false });
      y = 0;
    }
    y += b.heightPx;
    // a block taller than the page runs on over the next sheets
    while (y > pageH) y -= pageH;
    if (b.pageBreak) breakAfter = true;
  }
  const spanned = blocks.reduce((n, b) => n + Math.max(0, Math.ceil(b.heightPx / pageH) - 1), 0);
  return { breaks, pages: breaks.length + 1 + spanned, lastFillPx: Math.max(0, pageH - y) };
}

function gapWidget(b: PageBreak, page: number, pages: number, layout: PageLayout): HTMLElement {
  const el = document.createElement('div');
  el.className = 'ds-page-gap';
  el.contentEditable = 'false';
  el.setAttribute('aria-hidden', 'true');
  el.dataset.page = String(page);
  const css = (px: number) => `${px / (layout.scale || 1)}px`;
  el.style.height = css(b.fillPx + 2 * layout.marginPx + layout.gapPx);
  el.style.margin = `0 -${css(layout.marginPx)}`;
  const part = (cls: string, height: number, text?: string) => {
    const d = document.createElement('div');
    d.className = cls;
    d.style.height = css(height);
    if (text) {
      const s = document.createElement('span');
      s.textContent = text;
      s.style.padding = `0 ${css(layout.marginPx)}`;
      d.appendChild(s);
    }
    el.appendChild(d);
  };
  part('ds-page-rest', b.fillPx);
  part('ds-page-foot', layout.marginPx, layout.footer ? pageText(layout.footer, page, pages) : undefined);
  part('ds-page-between', layout.gapPx);
  part('ds-page-head', layout.marginPx, layout.header ? pageText(layout.header, page + 1, pages) : undefined);
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

export const PageBreaks = Extension.create<PageBreaksOptions, PageBreaksStorage>({
  name: 'pageBreaksView',
  addOptions() {
    return { onLayout: () => {} };
  },
  addStorage() {
    const box: PageBreaksStorage['box'] = { layout: { contentHeightPx: 1000, marginPx: 96, gapPx: 16, header: '', footer: '', scale: 1 }, remeasure: () => {} };
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
            const blocks: Array<{ pos: number; heightPx: number; pageBreak: boolean }> = [];
            view.state.doc.forEach((node, offset) => {
              const el = view.nodeDOM(offset);
              if (el instanceof HTMLElement) blocks.push({ pos: offset, heightPx: blockHeight(el), pageBreak: node.type.name === 'pageBreak' });
            });
            const { breaks, pages, lastFillPx } = layoutPages(blocks, layout.contentHeightPx);
            opts.onLayout({ pages, lastFillPx: lastFillPx / (layout.scale || 1), breaks });
            const sig = JSON.stringify([breaks.map((b) => [b.pos, Math.round(b.fillPx)]), pages, layout]);
            if (sig === signature) return;
            signature = sig;
            let page = 1;
            const decos = breaks.map((b) => {
              const n = page++;
              return Decoration.widget(b.pos, () => gapWidget(b, n, pages, layout), { side: -1, ignoreSelection: true, key: `page-${n}-${Math.round(b.fillPx)}-${pages}-${layout.header}-${layout.footer}` });
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
