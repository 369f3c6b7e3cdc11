'use client';
// Slide editing surface over the deck model: thumbnails (one tab stop: arrow keys move, Enter opens,
// Alt+↑/↓ or drag reorder), the current slide on a zoomable 16:9 stage with editable text and
// movable / resizable elements, a format toolbar, chart data and image dialogs, speaker notes.
// The whole deck is kept here with an undo history of meaningful steps (a typing burst, a move, a
// format change); each change is sent as the ops that turn the last sent deck into the shown one.
// A newer version (another viewer, the agent) is taken in place (live-deck-update.ts): the shown
// slide, the selected element, the thumbnails' scroll and the undo history stay, and undo takes back
// only the person's own steps (merged onto the newer deck; a step the others changed is dropped).
import { memo, useCallback, useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import type { ChartElement, Deck, Run, Slide, SlideElement, SlideLayout, SlideParagraph } from '@/server/documents/deck/schema';
import type { EditorDocument, EditorEdit } from './editor-types';
import { diffDecks } from './deck-diff';
import { conflictLabel, DeckHistory, followElement, followSlide, shareUnchanged, withUnsaved } from './live-deck-update';
import { formatRange, runsIn } from '@/lib/deck/edit-runs';
import { selectionOffsets } from './caret';
import { useLayoutRuns } from './use-layout-runs';
import { freeBox, occupiedBoxes } from './free-slide-box';
import { SLIDE_PX_H, SLIDE_PX_W, SlideView, uniq, type TextFocus } from './slide-view';
import { ChartDataDialog, LayoutMenu, LAYOUT_LABELS, SLIDE_LAYOUTS } from './slide-dialogs';
import { ImageDialog } from './image-dialog';
import { ZoomControl } from './zoom-control';
import styles from './editor.module.css';
import s from './slides.module.css';

type SlidesDoc = Extract<EditorDocument, { format: 'slides' }>;
const THUMB_W = 160;

function AlignIcon({ align }: { align: 'left' | 'center' | 'right' }) {
  const rows: Array<[number, number]> = [
    [14, 0],
    [9, 1],
    [14, 0],
    [9, 1],
  ];
  return (
    <svg width="14" height="12" viewBox="0 0 14 12" aria-hidden style={{ display: 'block' }}>
      {rows.map(([w], i) => (
        <rect
          key={i}
          x={align === 'left' ? 0 : align === 'center' ? (14 - w) / 2 : 14 - w}
          y={i * 3}
          width={w}
          height={1.6}
          fill="currentColor"
        />
      ))}
    </svg>
  );
}
/** Changes with the same key less than this apart are one undo step (a typing burst). */
const BURST_MS = 1500;
const MAX_HISTORY = 200;
/** edits handed to the session, remembered for a newer version that does not hold the last of them */
const MAX_HANDED = 50;
const SIZES = [10, 12, 14, 16, 18, 20, 24, 28, 32, 36, 40, 48, 60, 72];

function Scaled({ scale, children }: { scale: number; children: ReactNode }) {
  return (
    <div className={s.scaleOuter} style={{ width: SLIDE_PX_W * scale, height: SLIDE_PX_H * scale }}>
      <div className={s.scaleInner} style={{ transform: `scale(${scale})` }}>
        {children}
      </div>
    </div>
  );
}

const Thumb = memo(function Thumb({ slide, deck, number }: { slide: Slide; deck: Deck; number: number }) {
  return (
    <Scaled scale={THUMB_W / SLIDE_PX_W}>
      <div inert>
        <SlideView slide={slide} theme={deck.theme} number={number} readOnly />
      </div>
    </Scaled>
  );
});

function newId(deck: Deck): string {
  const taken = new Set(deck.slides.map((x) => x.id));
  for (;;) {
    const id = `s-${Math.random().toString(36).slice(2, 10)}`;
    if (!taken.has(id)) return id;
  }
}

/**
 * A new table and a new chart: in the Table and Chart layouts, and what "+ Table" and "+ Chart" put
 * on any slide, at a free place of it (free-slide-box.ts) so that it covers none of what is there.
 */
const NEW_TABLE: SlideElement = {
  kind: 'table',
  rows: [
    ['Item', 'Value'],
    ['', ''],
    ['', ''],
  ],
  headerRow: true,
};
const NEW_CHART: SlideElement = {
  kind: 'chart',
  chartType: 'column',
  categories: ['Q1', 'Q2', 'Q3', 'Q4'],
  series: [{ name: 'Series 1', values: [4, 6, 5, 8] }],
  showLegend: true,
  showValues: false,
  stacked: false,
};

/** A new slide of a layout, with placeholder content to type over. */
function newSlide(id: string, layout: SlideLayout): Slide {
  const base: Slide = { id, layout, elements: [] };
  switch (layout) {
    case 'title':
      return { ...base, title: 'Presentation title', subtitle: 'Subtitle' };
    case 'section':
      return { ...base, title: 'Section title' };
    case 'title-bullets':
      return { ...base, title: 'New slide', bullets: ['First point'] };
    case 'two-column':
      return {
        ...base,
        title: 'New slide',
        columns: [
          { heading: 'Left', bullets: ['Point'] },
          { heading: 'Right', bullets: ['Point'] },
        ],
      };
    case 'chart':
      return {
        ...base,
        title: 'Chart',
        elements: [structuredClone(NEW_CHART)],
      };
    case 'table':
      return {
        ...base,
        title: 'Table',
        elements: [structuredClone(NEW_TABLE)],
      };
    case 'image':
      return { ...base, title: 'Image', bullets: ['Caption'] };
    case 'big-number':
      return { ...base, title: '42%', subtitle: 'What the figure means' };
    case 'quote':
      return { ...base, title: 'A quotation worth repeating.', subtitle: 'Someone' };
    case 'blank':
      return base;
  }
}

export function SlidesEditor({
  doc,
  readOnly,
  onEdit,
  editsShown = 0,
  onRemount,
  token,
}: {
  doc: SlidesDoc;
  readOnly: boolean;
  /** queues an edit; returns its number in the session (see `editsShown`) */
  onEdit: (e: EditorEdit) => number | void;
  /** how many of the edits handed to onEdit `doc` holds (a newer doc taken in place keeps the others) */
  editsShown?: number;
  /** the editor cannot take a newer doc in place: mount it afresh */
  onRemount?: () => void;
  token: string;
}) {
  const [deck, setDeckState] = useState<Deck>(doc.model);
  const deckRef = useRef(deck);
  const sentRef = useRef(deck);
  const [hist] = useState(() => new DeckHistory(MAX_HISTORY, BURST_MS));
  /** the deck after each edit handed to the session, by the session's number of the edit (newest last) */
  const handed = useRef<Array<{ seq: number; deck: Deck }>>([]);
  /** the doc shown (a newer one arriving is taken in place) */
  const shownDoc = useRef(doc);
  /** the shown slide changed because of a newer version: the thumbnails are not scrolled */
  const liveMove = useRef(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const [counts, setCounts] = useState({ undo: 0, redo: 0 });
  const [rev, setRev] = useState(0);
  const [current, setCurrent] = useState(0);
  const [selected, setSelected] = useState<number | null>(null);
  const [textFocus, setTextFocus] = useState<TextFocus | null>(null);
  /** The caret or selection in a text box paragraph (text offsets), followed as it moves. */
  const [textSel, setTextSel] = useState<(TextFocus & { start: number; end: number }) | null>(null);
  const [zoom, setZoom] = useState(1);
  const [fit, setFit] = useState(0.8);
  const [dragFrom, setDragFrom] = useState<number | null>(null);
  const [dragOver, setDragOver] = useState<number | null>(null);
  const [menu, setMenu] = useState(false);
  const [chartDialog, setChartDialog] = useState<number | null>(null);
  const [imageDialog, setImageDialog] = useState(false);
  const [announce, setAnnounce] = useState('');
  const stage = useRef<HTMLDivElement>(null);
  const thumbRefs = useRef<Array<HTMLButtonElement | null>>([]);
  const slide = deck.slides[Math.min(current, deck.slides.length - 1)];
  const scale = fit * zoom;

  useLayoutEffect(() => {
    const el = stage.current;
    if (!el) return;
    const measure = () =>
      setFit(Math.max(0.2, Math.min((el.clientWidth - 40) / SLIDE_PX_W, (el.clientHeight - 40) / SLIDE_PX_H)));
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // the caret / selection inside a text box paragraph (the toolbar formats a selection, shows the
  // formatting at the caret); a selection elsewhere (toolbar, notes) leaves the last one
  useEffect(() => {
    const onSel = () => {
      const sel = document.getSelection();
      const node = sel?.rangeCount ? sel.getRangeAt(0).startContainer : null;
      const host = (node instanceof Element ? node : node?.parentElement)?.closest<HTMLElement>('[data-para]');
      const frame = host?.closest<HTMLElement>('[data-element-frame]');
      if (!host || !frame || !stage.current?.contains(frame)) return;
      const off = selectionOffsets(host);
      if (!off) return;
      const next = { element: Number(frame.dataset.elementFrame), para: Number(host.dataset.para), ...off };
      setTextSel((prev) =>
        prev &&
        prev.element === next.element &&
        prev.para === next.para &&
        prev.start === next.start &&
        prev.end === next.end
          ? prev
          : next,
      );
    };
    document.addEventListener('selectionchange', onSel);
    return () => document.removeEventListener('selectionchange', onSel);
  }, []);

  const show = (next: Deck) => {
    deckRef.current = next;
    setDeckState(next);
    const ops = diffDecks(sentRef.current, next);
    sentRef.current = next;
    if (ops.length) {
      const seq = onEdit({ kind: 'deck', ops });
      if (typeof seq === 'number') {
        handed.current.push({ seq, deck: next });
        if (handed.current.length > MAX_HANDED) handed.current.shift();
      }
    }
    setCounts({ undo: hist.past.length, redo: hist.future.length });
  };

  /** One change of the deck; changes with the same key in a burst are one undo step. */
  const commit = useCallback(
    (next: Deck, key: string) => {
      if (readOnly) return;
      hist.record(deckRef.current, next, key);
      show(next);
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [readOnly, onEdit],
  );

  const changeSlide = useCallback(
    (id: string) => (fn: (x: Slide) => Slide, key: string) => {
      const d = deckRef.current;
      commit({ ...d, slides: d.slides.map((x) => (x.id === id ? fn(x) : x)) }, key);
    },
    [commit],
  );

  const travel = (dir: 'undo' | 'redo') => {
    const h = hist;
    const now = deckRef.current;
    // the step taken back (or again) on the deck shown now: others' changes since stay
    const res = h.travel(dir, now);
    if (!res) return;
    if (!res.ok) {
      setCounts({ undo: h.past.length, redo: h.future.length });
      setAnnounce(
        `Cannot ${dir} that step: ${conflictLabel(res.conflicts)} was changed by someone else since. The step is dropped; ${dir === 'undo' ? 'Undo' : 'Redo'} again for the one ${dir === 'undo' ? 'before' : 'after'} it.`,
      );
      return;
    }
    const target = res.deck;
    const curId = now.slides[current]?.id;
    show(target);
    const keep = target.slides.findIndex((x) => x.id === curId);
    setCurrent(keep >= 0 ? keep : Math.min(current, target.slides.length - 1));
    setSelected(null);
    setTextFocus(null);
    setRev((r) => r + 1);
    setAnnounce(dir === 'undo' ? 'Undone' : 'Redone');
    requestAnimationFrame(() => stage.current?.focus({ preventScroll: true }));
  };

  const goTo = (i: number) => {
    setCurrent(i);
    setSelected(null);
    setTextFocus(null);
  };

  const move = (from: number, to: number) => {
    const d = deckRef.current;
    if (readOnly || to < 0 || to >= d.slides.length || from === to) return;
    const slides = [...d.slides];
    const [m] = slides.splice(from, 1);
    slides.splice(to, 0, m!);
    commit({ ...d, slides }, `move:${uniq()}`);
    goTo(to);
  };

  const insertSlide = (sl: Slide, what: string) => {
    const d = deckRef.current;
    const at = Math.min(current, d.slides.length - 1) + 1;
    commit({ ...d, slides: [...d.slides.slice(0, at), sl, ...d.slides.slice(at)] }, `insert:${uniq()}`);
    goTo(at);
    setAnnounce(`${what}: slide ${at + 1} of ${d.slides.length + 1}`);
    requestAnimationFrame(() =>
      stage.current?.querySelector<HTMLElement>('[data-testid="slide-title"], [contenteditable]')?.focus(),
    );
  };

  const addSlide = (layout: SlideLayout) => {
    setMenu(false);
    insertSlide(newSlide(newId(deckRef.current), layout), `Added a ${LAYOUT_LABELS[layout]} slide`);
  };

  const duplicateSlide = () => {
    if (!slide) return;
    insertSlide({ ...structuredClone(slide), id: newId(deckRef.current) }, 'Duplicated');
  };

  const deleteSlide = () => {
    const d = deckRef.current;
    if (!slide || d.slides.length <= 1) return;
    commit({ ...d, slides: d.slides.filter((x) => x.id !== slide.id) }, `delete:${uniq()}`);
    goTo(Math.min(current, d.slides.length - 2));
    setAnnounce(`Deleted slide ${current + 1}. Undo (Ctrl+Z) brings it back.`);
  };

  const changeElement = (i: number, fn: (e: SlideElement) => SlideElement, key: string) => {
    if (!slide) return;
    changeSlide(slide.id)((x) => ({ ...x, elements: x.elements.map((e, k) => (k === i ? fn(e) : e)) }), key);
  };

  const addElement = (el: SlideElement, what: string) => {
    if (!slide) return;
    if (slide.elements.length >= 60) return setAnnounce('A slide holds at most 60 elements.');
    const index = slide.elements.length;
    changeSlide(slide.id)((x) => ({ ...x, elements: [...x.elements, el] }), `add:${uniq()}`);
    setSelected(index);
    setAnnounce(`${what} added`);
    requestAnimationFrame(() => {
      const frame = stage.current?.querySelector<HTMLElement>(`[data-element-frame="${index}"]`);
      const inner = frame?.querySelector<HTMLElement>('[contenteditable]');
      (inner ?? frame)?.focus();
      if (inner) window.getSelection()?.selectAllChildren(inner);
    });
  };

  /** `el` at a free place of the shown slide, else in its middle. */
  const placed = (el: SlideElement, size: { w: number; h: number }): SlideElement => {
    const W = SLIDE_PX_W / 72;
    const H = SLIDE_PX_H / 72;
    const shown = stage.current?.querySelector<HTMLElement>('[data-slide-id]');
    const box = (shown && freeBox(occupiedBoxes(shown, W), size, { w: W, h: H })) ?? { x: (W - size.w) / 2, y: (H - size.h) / 2 + 0.5, ...size };
    return { ...structuredClone(el), ...box };
  };

  const insertImage = (img: { src: string; alt: string; width: number; height: number }) => {
    setImageDialog(false);
    const ratio = img.width && img.height ? img.width / img.height : 4 / 3;
    let w = 6;
    let h = w / ratio;
    if (h > 4.5) {
      h = 4.5;
      w = h * ratio;
    }
    const r = (v: number) => Math.round(v * 100) / 100;
    addElement(
      {
        kind: 'image',
        src: img.src,
        alt: img.alt,
        fit: 'contain',
        x: r((SLIDE_PX_W / 72 - w) / 2),
        y: r(1.6 + (5.2 - h) / 2),
        w: r(w),
        h: r(h),
      },
      'Image',
    );
  };

  // ---- text formatting: the paragraph with the caret, else every paragraph of the selected text box ----
  const selEl = slide && selected !== null ? slide.elements[selected] : undefined;
  const textEl = selEl?.kind === 'text' ? selEl : undefined;
  // or a layout text (title, subtitle, bullet, column heading, table cell) with the caret in it
  const layoutRuns = useLayoutRuns(stage, slide, selected);
  const canFormat = !!textEl || !!layoutRuns.active;
  const activePara = textEl
    ? ((textFocus && textFocus.element === selected ? textEl.paragraphs[textFocus.para] : undefined) ??
      textEl.paragraphs[0])
    : undefined;
  // the caret / selection of the paragraph being edited (when it is this one)
  const caretSel =
    textEl && activePara && textSel && textFocus && textSel.element === selected && textFocus.element === selected && textSel.para === textFocus.para
      ? textSel
      : null;
  /** the runs the toolbar shows and toggles: those selected, or the run at the caret */
  const activeRuns = layoutRuns.active ? layoutRuns.runs : activePara ? (caretSel ? runsIn(activePara.runs, caretSel.start, caretSel.end) : activePara.runs.slice(0, 1)) : [];
  const activeRun = activeRuns[0];
  const pressed = (k: 'bold' | 'italic' | 'underline') => activeRuns.length > 0 && activeRuns.every((r) => !!r[k]);
  const formatParas = (fn: (p: SlideParagraph) => SlideParagraph, what: string) => {
    if (selected === null || !textEl) return;
    const only = textFocus && textFocus.element === selected ? textFocus.para : null;
    changeElement(
      selected,
      (e) =>
        e.kind === 'text'
          ? { ...e, paragraphs: e.paragraphs.map((p, k) => (only === null || k === only ? fn(p) : p)) }
          : e,
      `format:${uniq()}`,
    );
    setAnnounce(what);
  };
  const setRuns = (patch: Partial<Run>, what: string) => {
    if (layoutRuns.active && slide) {
      changeSlide(slide.id)(layoutRuns.format(patch), `format:${uniq()}`);
      setAnnounce(what);
      return;
    }
    // a selection: only the selected text (its runs split at the selection's ends)
    if (caretSel && caretSel.end > caretSel.start && selected !== null) {
      const { para, start, end } = caretSel;
      changeElement(
        selected,
        (e) =>
          e.kind === 'text'
            ? { ...e, paragraphs: e.paragraphs.map((p, k) => (k === para ? { ...p, runs: formatRange(p.runs, start, end, patch) } : p)) }
            : e,
        `format:${uniq()}`,
      );
      setAnnounce(`${what} (selection)`);
      return;
    }
    // a caret: the whole paragraph (no caret: every paragraph of the box)
    formatParas(
      (p) => ({
        ...p,
        runs: p.runs.map((r) => {
          const next = { ...r, ...patch };
          for (const k of Object.keys(patch) as Array<keyof Run>) if (patch[k] === undefined) delete next[k];
          return next;
        }),
      }),
      what,
    );
  };
  const toggle = (k: 'bold' | 'italic' | 'underline') =>
    setRuns({ [k]: pressed(k) ? undefined : true }, `${k} ${pressed(k) ? 'off' : 'on'}`);
  const setList = (kind: true | 'number') =>
    formatParas(
      (p) => {
        const { bullet: _b, ...rest } = p;
        void _b;
        return activePara?.bullet === kind ? rest : { ...rest, bullet: kind };
      },
      kind === 'number' ? 'Numbered list' : 'Bulleted list',
    );

  useEffect(() => {
    // the person went to another slide: its thumbnail is shown; a newer version moving it leaves the scroll
    if (liveMove.current) liveMove.current = false;
    else thumbRefs.current[current]?.scrollIntoView({ block: 'nearest' });
  }, [current]);

  /** the deck as of the last edit the shown doc holds (the edits handed over since are on top of it) */
  const syncDeck = useRef(doc.model);
  /**
   * A newer version (another viewer's save, the agent): taken in place. The person's edits it does
   * not hold yet stay on top of it; the shown slide (by id, else its nearest neighbour), the selected
   * element (if it is still there), the thumbnails' scroll and the undo history stay; nothing is sent
   * back as the person's edit.
   */
  const takeNewer = (next: SlidesDoc) => {
    const started = performance.now();
    const prev = deckRef.current;
    const all = handed.current;
    const held = all.filter((e) => e.seq <= editsShown);
    const unsaved = all.length > held.length;
    const base = held.length ? held[held.length - 1]!.deck : syncDeck.current;
    const shown = shareUnchanged(prev, unsaved ? withUnsaved(next.model, base, prev) : next.model);
    syncDeck.current = next.model;
    handed.current = unsaved ? [{ seq: all[all.length - 1]!.seq, deck: shown }] : [];
    deckRef.current = shown;
    sentRef.current = shown; // the server has it (and the unsaved edits are queued already)
    hist.breakBurst(); // a typing burst does not go on over someone else's change
    setDeckState(shown);
    const i = Math.max(0, Math.min(current, prev.slides.length - 1));
    const to = followSlide(prev, shown, i);
    const was = prev.slides[i];
    const now = shown.slides[to];
    const sel = was && now && was.id === now.id ? followElement(was, now, selected) : null;
    if (to !== current) {
      liveMove.current = true;
      setCurrent(to);
    }
    if (sel !== selected) setSelected(sel);
    if (now !== was) {
      // the shown slide changed: its text takes the newer text when drawn again (focus kept)
      const active = document.activeElement;
      const inStage = !!active && !!stage.current?.contains(active);
      setTextFocus(null);
      setRev((r) => r + 1);
      if (inStage)
        requestAnimationFrame(() =>
          (stage.current?.querySelector<HTMLElement>(sel !== null ? `[data-element-frame="${sel}"]` : '[data-slide-id]') ?? stage.current)?.focus({ preventScroll: true }),
        );
    }
    setDragFrom(null);
    setDragOver(null);
    const ms = Math.round(performance.now() - started);
    const root = rootRef.current;
    if (root) {
      root.dataset.liveVersion = String(next.version);
      root.dataset.liveMs = String(ms);
    }
    console.info(`[editor] newer version ${next.version} taken in place in ${ms} ms${unsaved ? ' (unsaved edits kept on top)' : ''}`);
  };
  useLayoutEffect(() => {
    if (doc === shownDoc.current) return;
    shownDoc.current = doc;
    try {
      takeNewer(doc); // this render's: the edits the doc holds, the shown slide and selection as they are now
    } catch (err) {
      console.info(`[editor] newer version ${doc.version}: remounting (${err instanceof Error ? err.message : String(err)})`);
      onRemount?.();
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [doc, onRemount]);

  const onThumbKey = (i: number) => (e: React.KeyboardEvent) => {
    const n = deckRef.current.slides.length;
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      goTo(i);
      requestAnimationFrame(() =>
        (
          stage.current?.querySelector<HTMLElement>(
            '[data-testid="slide-title"], [contenteditable], [data-element-frame]',
          ) ?? stage.current
        )?.focus(),
      );
      return;
    }
    const to =
      e.key === 'ArrowUp' || e.key === 'ArrowLeft'
        ? i - 1
        : e.key === 'ArrowDown' || e.key === 'ArrowRight'
          ? i + 1
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? n - 1
              : null;
    if (to === null) return;
    e.preventDefault();
    if (to < 0 || to >= n) return;
    if (e.altKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown')) move(i, to);
    else goTo(to);
    requestAnimationFrame(() => thumbRefs.current[to]?.focus());
  };

  const onRootKey = (e: React.KeyboardEvent) => {
    if (readOnly || chartDialog !== null || imageDialog) return;
    const mod = e.ctrlKey || e.metaKey;
    if (!mod) return;
    const k = e.key.toLowerCase();
    if (k === 'z' || k === 'y') {
      e.preventDefault();
      e.stopPropagation();
      travel(k === 'y' || e.shiftKey ? 'redo' : 'undo');
    } else if ((k === 'b' || k === 'i' || k === 'u') && canFormat) {
      e.preventDefault();
      toggle(k === 'b' ? 'bold' : k === 'i' ? 'italic' : 'underline');
    }
  };

  const keepFocus = (e: React.MouseEvent) => e.preventDefault(); // format buttons keep the caret in the text
  const chartCandidate = chartDialog !== null ? slide?.elements[chartDialog] : undefined;
  const chartEl: ChartElement | null = chartCandidate?.kind === 'chart' ? chartCandidate : null;

  return (
    <div className={s.editorRoot} onKeyDownCapture={onRootKey} ref={rootRef} data-testid="slides-root">
      <div className={styles.toolbar} role="toolbar" aria-label="Slides">
        <button
          type="button"
          className={styles.toolButton}
          onClick={() => goTo(Math.max(0, current - 1))}
          disabled={current === 0}
          aria-label="Previous slide"
        >
          Previous
        </button>
        <span className={styles.zoomLabel} data-testid="slide-position">
          {current + 1} / {deck.slides.length}
        </span>
        <button
          type="button"
          className={styles.toolButton}
          onClick={() => goTo(Math.min(deck.slides.length - 1, current + 1))}
          disabled={current >= deck.slides.length - 1}
          aria-label="Next slide"
        >
          Next
        </button>
        <span className={styles.sep} aria-hidden />
        {!readOnly && (
          <>
            <span className={s.menuAnchor}>
              <button
                type="button"
                className={styles.toolButton}
                data-layout-button
                aria-haspopup="menu"
                aria-expanded={menu}
                disabled={readOnly || deck.slides.length >= 300}
                onClick={() => setMenu((m) => !m)}
              >
                + New slide ▾
              </button>
              {menu && <LayoutMenu layouts={SLIDE_LAYOUTS} onPick={addSlide} onClose={() => setMenu(false)} />}
            </span>
            <button
              type="button"
              className={styles.toolButton}
              onClick={duplicateSlide}
              disabled={readOnly || deck.slides.length >= 300}
            >
              Duplicate
            </button>
            <button
              type="button"
              className={styles.toolButton}
              onClick={deleteSlide}
              disabled={readOnly || deck.slides.length <= 1}
              aria-label="Delete slide"
            >
              Delete slide
            </button>
          </>
        )}
        <button
          type="button"
          className={styles.toolButton}
          onClick={() => move(current, current - 1)}
          disabled={readOnly || current === 0}
        >
          Move slide up
        </button>
        <button
          type="button"
          className={styles.toolButton}
          onClick={() => move(current, current + 1)}
          disabled={readOnly || current >= deck.slides.length - 1}
        >
          Move slide down
        </button>
        {!readOnly && (
          <>
            <span className={styles.sep} aria-hidden />
            <button
              type="button"
              className={styles.toolButton}
              onClick={() => travel('undo')}
              disabled={readOnly || !counts.undo}
              aria-label="Undo"
              aria-keyshortcuts="Control+Z"
              title="Undo (Ctrl+Z)"
            >
              ↶ Undo
            </button>
            <button
              type="button"
              className={styles.toolButton}
              onClick={() => travel('redo')}
              disabled={readOnly || !counts.redo}
              aria-label="Redo"
              aria-keyshortcuts="Control+Shift+Z Control+Y"
              title="Redo (Ctrl+Shift+Z)"
            >
              ↷ Redo
            </button>
          </>
        )}
        <span className={styles.sep} aria-hidden />
        <ZoomControl zoom={zoom} setZoom={setZoom} />
      </div>
      {!readOnly && (
        <div
          className={`${styles.toolbar} ${s.formatBar}`}
          role="toolbar"
          aria-label="Insert and format"
          data-testid="format-toolbar"
        >
          <button
            type="button"
            className={styles.toolButton}
            onClick={() =>
              addElement(
                {
                  kind: 'text',
                  x: 1,
                  y: 2,
                  w: 5,
                  h: 1.2,
                  valign: 'top',
                  paragraphs: [{ runs: [{ text: 'New text' }], level: 0 }],
                },
                'Text box',
              )
            }
          >
            + Text box
          </button>
          <button
            type="button"
            className={styles.toolButton}
            onClick={() => setImageDialog(true)}
            aria-haspopup="dialog"
          >
            + Image
          </button>
          <button type="button" className={styles.toolButton} onClick={() => addElement(placed(NEW_TABLE, { w: 6, h: 1.2 }), 'Table')}>
            + Table
          </button>
          <button
            type="button"
            className={styles.toolButton}
            aria-haspopup="dialog"
            onClick={() => {
              const el = placed(NEW_CHART, { w: 6, h: 4 });
              if (!slide || slide.elements.length >= 60) return addElement(el, 'Chart');
              const index = slide.elements.length;
              addElement(el, 'Chart');
              setChartDialog(index); // its data is the first thing to change
            }}
          >
            + Chart
          </button>
          <span className={styles.sep} aria-hidden />
          {(
            [
              ['bold', 'B', 'Bold', 'Ctrl+B', s.fmtB],
              ['italic', 'I', 'Italic', 'Ctrl+I', s.fmtI],
              ['underline', 'U', 'Underline', 'Ctrl+U', s.fmtU],
            ] as const
          ).map(([mark, glyph, name, keys, cls]) => (
            <button
              key={mark}
              type="button"
              className={`${styles.toolButton} ${cls}`}
              onMouseDown={keepFocus}
              onClick={() => toggle(mark)}
              disabled={!canFormat}
              aria-pressed={pressed(mark)}
              aria-label={name}
              title={`${name} (${keys})`}
            >
              {glyph}
            </button>
          ))}
          <select
            className={s.fmtSelect}
            aria-label="Font size"
            disabled={!canFormat}
            value={String(activeRun?.size ?? layoutRuns.active?.size ?? textEl?.fontSize ?? 18)}
            onChange={(e) => setRuns({ size: Number(e.target.value) }, `Size ${e.target.value}`)}
          >
            {[...new Set([...SIZES, activeRun?.size ?? layoutRuns.active?.size ?? textEl?.fontSize ?? 18])]
              .sort((a, b) => a - b)
              .map((n) => (
                <option key={n} value={n}>
                  {n} pt
                </option>
              ))}
          </select>
          <label className={s.colorLabel}>
            <span className={s.srOnlyLabel}>Text colour</span>
            <input
              type="color"
              aria-label="Text colour"
              disabled={!canFormat}
              value={(activeRun?.color ?? deck.theme.colors.text).toLowerCase()}
              onChange={(e) => setRuns({ color: e.target.value.toUpperCase() }, 'Colour changed')}
            />
          </label>
          {(['left', 'center', 'right'] as const).map((a) => (
            <button
              key={a}
              type="button"
              className={styles.toolButton}
              onMouseDown={keepFocus}
              disabled={!textEl}
              aria-pressed={(activePara?.align ?? 'left') === a}
              aria-label={`Align ${a}`}
              onClick={() => formatParas((p) => ({ ...p, align: a }), `Aligned ${a}`)}
            >
              <AlignIcon align={a} />
            </button>
          ))}
          <button
            type="button"
            className={styles.toolButton}
            onMouseDown={keepFocus}
            disabled={!textEl}
            aria-pressed={activePara?.bullet === true}
            onClick={() => setList(true)}
          >
            Bulleted list
          </button>
          <button
            type="button"
            className={styles.toolButton}
            onMouseDown={keepFocus}
            disabled={!textEl}
            aria-pressed={activePara?.bullet === 'number'}
            onClick={() => setList('number')}
          >
            Numbered list
          </button>
          <span className={styles.sep} aria-hidden />
          <button
            type="button"
            className={styles.toolButton}
            disabled={selEl?.kind !== 'chart'}
            onClick={() => selected !== null && setChartDialog(selected)}
            aria-haspopup="dialog"
          >
            Edit chart data
          </button>
          <button
            type="button"
            className={styles.toolButton}
            disabled={selected === null || !selEl}
            aria-label="Delete element"
            onClick={() => {
              if (selected === null || !slide) return;
              const i = selected;
              setSelected(null);
              changeSlide(slide.id)(
                (x) => ({ ...x, elements: x.elements.filter((_, k) => k !== i) }),
                `delete-el:${uniq()}`,
              );
              setAnnounce('Element deleted');
            }}
          >
            Delete element
          </button>
        </div>
      )}
      <div className={styles.slidesLayout} data-testid="slides-editor">
        <ol className={styles.thumbs} aria-label="Slides">
          {deck.slides.map((sl, i) => (
            <li
              key={sl.id}
              className={`${styles.thumbItem} ${dragOver === i && dragFrom !== null && dragFrom !== i ? styles.thumbDragOver : ''}`}
              draggable={!readOnly}
              onDragStart={() => setDragFrom(i)}
              onDragOver={(e) => {
                e.preventDefault();
                setDragOver(i);
              }}
              onDragEnd={() => {
                setDragFrom(null);
                setDragOver(null);
              }}
              onDrop={(e) => {
                e.preventDefault();
                if (dragFrom !== null) move(dragFrom, i);
                setDragFrom(null);
                setDragOver(null);
              }}
            >
              <span className={styles.thumbNum} aria-hidden>
                {i + 1}
              </span>
              {/* the picture under a transparent button: the button's name is its label, not the slide's text */}
              <div className={s.thumbWrap}>
                <div aria-hidden>
                  <Thumb slide={sl} deck={deck} number={i + 1} />
                </div>
                <button
                  type="button"
                  ref={(el) => {
                    thumbRefs.current[i] = el;
                  }}
                  className={s.thumbButton}
                  tabIndex={i === current ? 0 : -1}
                  aria-current={i === current}
                  aria-label={`Slide ${i + 1} of ${deck.slides.length}: ${sl.title || LAYOUT_LABELS[sl.layout]}`}
                  aria-describedby={readOnly ? undefined : 'thumb-keys'}
                  onClick={() => goTo(i)}
                  onKeyDown={onThumbKey(i)}
                />
              </div>
            </li>
          ))}
        </ol>
        <div className={styles.stageCol}>
          <div
            className={`${styles.stage} ${s.stageFocus}`}
            ref={stage}
            data-testid="slide-stage"
            tabIndex={-1}
            aria-label="Slide"
          >
            {slide && (
              <Scaled scale={scale}>
                <SlideView
                  key={`${slide.id}:${rev}`}
                  slide={slide}
                  theme={deck.theme}
                  number={current + 1}
                  readOnly={readOnly}
                  onChange={changeSlide(slide.id)}
                  scale={scale}
                  selected={selected}
                  onSelect={setSelected}
                  onTextFocus={setTextFocus}
                  onOpenChart={setChartDialog}
                />
              </Scaled>
            )}
          </div>
          {slide && (
            <div className={styles.notes}>
              <label htmlFor="speaker-notes">Speaker notes</label>
              <textarea
                id="speaker-notes"
                key={`${slide.id}:${rev}`}
                defaultValue={slide.notes ?? ''}
                readOnly={readOnly}
                onChange={(e) => changeSlide(slide.id)((x) => ({ ...x, notes: e.target.value }), `notes:${slide.id}`)}
              />
            </div>
          )}
        </div>
      </div>
      <p id="thumb-keys" className={s.srOnly}>
        Arrow keys: other slides. Enter: edit the slide. Alt+Up or Down: move it.
      </p>
      <div className={s.srOnly} aria-live="polite" data-testid="slides-announce">
        {announce}
      </div>
      {chartEl && chartDialog !== null && (
        <ChartDataDialog
          key={`${slide!.id}:${chartDialog}`}
          el={chartEl}
          onChange={(el) => changeElement(chartDialog, () => el, `chart:${slide!.id}:${chartDialog}`)}
          onClose={() => setChartDialog(null)}
        />
      )}
      {imageDialog && (
        <ImageDialog
          runId={doc.run_id}
          token={token}
          onInsert={(img, alt) =>
            insertImage({
              src: img.src,
              alt: alt || img.name.replace(/\.[a-z0-9]+$/i, ''),
              width: img.width,
              height: img.height,
            })
          }
          onClose={() => setImageDialog(false)}
        />
      )}
    </div>
  );
}
