'use client';
// One slide drawn at 960 × 540 px (72 px per inch, so 1 pt = 1 px) in the renderer's geometry.
// Editable: title, subtitle, bullets, column headings/bullets, text boxes (paragraphs with their
// formatting), shape text, table cells. Elements sit in frames that are selected by click or focus
// and moved / resized with the pointer (handles, the move grip) or the keyboard (arrows, Alt+arrows).
import {
  useLayoutEffect,
  useRef,
  useState,
  type CSSProperties,
  type KeyboardEvent,
  type PointerEvent as ReactPointerEvent,
} from 'react';
import type { Bullet, DeckTheme, Run, Slide, SlideElement, SlideParagraph } from '@/server/documents/deck/schema';
import { concatRuns, editRuns, runsText, sliceRuns } from '@/lib/deck/edit-runs';
import { compactRuns, dropStaleRuns, setTextAt, targetKey, type RunsTarget } from '@/lib/deck/layout-runs';
import { EditableText } from './editable-text';
import { caretOffset, setCaret } from './caret';
import { shownRuns, showRuns } from './rich-text';
import { slideGeometry, type Box, type PlacedText } from './slide-geometry';
import { SlideChart } from './slide-chart';
import { BULLET_INDENT_PT, BULLET_SPACE_AFTER_PT, bulletFontSize } from '@/lib/deck/measure-text';
import { planTable } from '@/lib/deck/table-layout';
import s from './slides.module.css';

export const SLIDE_PX_W = 960;
export const SLIDE_PX_H = 540;
const IN = 72;
const SLIDE_W_IN = SLIDE_PX_W / IN;
const SLIDE_H_IN = SLIDE_PX_H / IN;

/** A change of the slide; `key` groups changes into one undo step (a typing burst, a nudge series). */
export type SlideChange = (fn: (s: Slide) => Slide, key: string) => void;
/** Where the caret is: a paragraph of a text element. */
export interface TextFocus {
  element: number;
  para: number;
}

const boxStyle = (b: Box): CSSProperties => ({ left: b.x * IN, top: b.y * IN, width: b.w * IN, height: b.h * IN });
const FILL: CSSProperties = { left: 0, top: 0, width: '100%', height: '100%' };

const textOf = (el: HTMLElement | undefined, fallback: string) => (el ? el.innerText.replace(/\n$/, '') : fallback);

interface LineData {
  text: string;
  level: number;
  /** rich lines (text box paragraphs): the runs, kept as the text is edited, split and joined */
  runs?: Run[];
}

let lineKey = 0;
let uniqSeq = 0;
/** A key no other change has: its own undo step. */
export const uniq = () => `u${++uniqSeq}`;

/**
 * A list of one-line editables (bullets, paragraphs): Enter splits the line at the caret into a new
 * line, Backspace at the start of a line joins it to the one before, Tab / Shift+Tab indent.
 */
function LinesBox<T extends LineData>({
  lines,
  onLines,
  readOnly,
  label,
  className,
  lineClass,
  lineStyle,
  lineData,
  style,
  indent,
  onLineFocus,
}: {
  lines: T[];
  onLines: (lines: T[]) => void;
  readOnly: boolean;
  label: string;
  className?: string;
  lineClass?: (l: T, i: number) => string | undefined;
  lineStyle?: (l: T, i: number) => CSSProperties | undefined;
  lineData?: (l: T, i: number) => Record<string, string> | undefined;
  style?: CSSProperties;
  indent: boolean;
  onLineFocus?: (i: number) => void;
}) {
  const [ownKeys, setKeys] = useState<number[]>(() => lines.map(() => ++lineKey));
  // (a change of the line count from outside remounts the slide; this only keeps rendering sane)
  const keys = ownKeys.length === lines.length ? ownKeys : lines.map((_, i) => ownKeys[i] ?? -(i + 1));
  const els = useRef(new Map<number, HTMLDivElement>());
  const pendingFocus = useRef<{ key: number; offset: number } | null>(null);
  useLayoutEffect(() => {
    const f = pendingFocus.current;
    if (!f) return;
    pendingFocus.current = null;
    const el = els.current.get(f.key);
    if (el) setCaret(el, f.offset);
  });
  const current = () =>
    lines.map((l, i) => {
      const el = els.current.get(keys[i]!);
      if (!l.runs) return { ...l, text: textOf(el, l.text) };
      const runs = (el && shownRuns.get(el)) ?? l.runs;
      return { ...l, runs, text: runsText(runs) };
    });
  const onKey = (i: number) => (e: KeyboardEvent<HTMLDivElement>) => {
    const all = current();
    const line = all[i]!;
    const el = els.current.get(keys[i]!);
    if (!el) return;
    const sel = window.getSelection();
    const collapsed = !sel || sel.isCollapsed;
    if (e.key === 'Enter' && !e.nativeEvent.isComposing) {
      e.preventDefault();
      const off = caretOffset(el) ?? line.text.length;
      const before = line.text.slice(0, off);
      const after = line.text.slice(off);
      const nk = ++lineKey;
      setKeys([...keys.slice(0, i + 1), nk, ...keys.slice(i + 1)]);
      pendingFocus.current = { key: nk, offset: 0 };
      if (line.runs) {
        // each half keeps its runs; an empty new line keeps the formatting at the caret
        const rb = sliceRuns(line.runs, 0, off);
        const ra = sliceRuns(line.runs, off);
        showRuns(el, rb);
        onLines([...all.slice(0, i), { ...line, text: before, runs: rb }, { ...line, text: after, runs: ra }, ...all.slice(i + 1)]);
        return;
      }
      el.innerText = before;
      onLines([...all.slice(0, i), { ...line, text: before }, { ...line, text: after }, ...all.slice(i + 1)]);
    } else if (
      e.key === 'Backspace' &&
      collapsed &&
      caretOffset(el) === 0 &&
      (i > 0 || (line.text === '' && all.length > 1))
    ) {
      e.preventDefault();
      if (i === 0) {
        setKeys(keys.slice(1));
        pendingFocus.current = { key: keys[1]!, offset: 0 };
        onLines(all.slice(1));
        return;
      }
      const prev = all[i - 1]!;
      const prevEl = els.current.get(keys[i - 1]!);
      // one of the two lines formatted: the joined line keeps its runs (the other's text plain)
      const joined =
        prev.runs || line.runs
          ? concatRuns(prev.runs ?? [{ text: prev.text }], line.runs ?? [{ text: line.text }])
          : undefined;
      if (prevEl) {
        if (joined) showRuns(prevEl, joined);
        else prevEl.innerText = prev.text + line.text;
      }
      pendingFocus.current = { key: keys[i - 1]!, offset: prev.text.length };
      setKeys(keys.filter((_, j) => j !== i));
      onLines([
        ...all.slice(0, i - 1),
        { ...prev, text: prev.text + line.text, ...(joined ? { runs: joined } : {}) },
        ...all.slice(i + 1),
      ]);
    } else if (e.key === 'Tab' && indent && !e.ctrlKey && !e.altKey) {
      e.preventDefault();
      const level = Math.max(0, Math.min(4, line.level + (e.shiftKey ? -1 : 1)));
      onLines(all.map((l, j) => (j === i ? { ...l, level } : l)));
    } else if (
      (e.key === 'ArrowUp' && i > 0 && caretOffset(el) === 0) ||
      (e.key === 'ArrowDown' && i < all.length - 1 && caretOffset(el) === line.text.length)
    ) {
      e.preventDefault();
      const to = e.key === 'ArrowUp' ? i - 1 : i + 1;
      const toEl = els.current.get(keys[to]!);
      if (toEl) setCaret(toEl, e.key === 'ArrowUp' ? all[to]!.text.length : 0);
    }
  };
  return (
    <div className={className} style={style} role="group" aria-label={label}>
      {lines.map((l, i) => {
        const key = keys[i]!;
        const data = lineData?.(l, i);
        return (
          <EditableText
            key={key}
            text={l.text}
            resetKey={key}
            readOnly={readOnly}
            label={`${label}, line ${i + 1}`}
            className={lineClass?.(l, i)}
            style={lineStyle?.(l, i)}
            {...(data ? { data } : {})}
            elRef={(el) => {
              if (el) els.current.set(key, el);
              else els.current.delete(key);
            }}
            onFocus={() => onLineFocus?.(i)}
            onText={(t) => onLines(lines.map((x, j) => (j === i ? { ...x, text: t } : x)))}
            {...(l.runs
              ? {
                  runs: l.runs,
                  onRuns: (rs: Run[]) => onLines(lines.map((x, j) => (j === i ? { ...x, runs: rs, text: runsText(rs) } : x))),
                }
              : {})}
            onKeyDown={onKey(i)}
          />
        );
      })}
    </div>
  );
}

/** The lines of a bullets box (a formatted bullet with its runs); an empty box shows one empty line to type in. */
const bulletLines = (bs: Bullet[] | undefined): LineData[] =>
  bs?.length
    ? bs.map((b) =>
        typeof b === 'string' ? { text: b, level: 0 } : { text: b.text, level: b.level ?? 0, ...(b.runs ? { runs: b.runs } : {}) },
      )
    : [{ text: '', level: 0 }];
const toBullets = (ls: LineData[]): Bullet[] =>
  ls.length === 1 && ls[0]!.text === ''
    ? []
    : ls.map((l) => {
        // runs that add no formatting are dropped: the bullet stays a plain string
        const runs = compactRuns(l.runs, {});
        return runs ? { text: l.text, level: l.level, runs } : l.level ? { text: l.text, level: l.level } : l.text;
      });

/**
 * A layout text with runs is drawn from them (each span its formatting, the layout's bold or italic
 * included: lib/deck/layout-runs.ts), so the box itself is neither bold nor italic.
 */
const RICH: CSSProperties = { fontWeight: 400, fontStyle: 'normal' };
const runsData = (t: RunsTarget) => ({ 'data-runs-target': targetKey(t) });
/** A layout text's runs as EditableText props: shown and edited with their formatting. */
const richProps = (runs: Run[] | undefined, t: RunsTarget, onChange: SlideChange, key: string) =>
  runs
    ? {
        runs,
        onRuns: (rs: Run[]) => onChange((sl) => setTextAt(sl, t, runsText(rs), rs), key),
      }
    : {};

/** A bullets box of the plan: position, size, alignment and spacing. */
const bulletsStyle = (p: PlacedText): CSSProperties => ({
  ...boxStyle(p.box),
  fontSize: p.size,
  justifyContent: p.valign === 'middle' ? 'center' : p.valign === 'bottom' ? 'flex-end' : 'flex-start',
});

const paraText = (p: SlideParagraph) => runsText(p.runs);

/**
 * Edited lines back onto paragraphs: a line's runs when it has them (the rich editor keeps them),
 * else its text spliced into the paragraph's runs (untouched runs keep their formatting).
 */
export function paragraphsFrom(lines: Array<LineData & { para: SlideParagraph }>): SlideParagraph[] {
  return lines.map((l) => {
    const { para } = l;
    const runs = l.runs ?? editRuns(para.runs, l.text);
    if (runs === para.runs && para.level === l.level) return para;
    return { ...para, level: l.level, runs };
  });
}

type Handle = 'n' | 's' | 'e' | 'w' | 'ne' | 'nw' | 'se' | 'sw';
const HANDLES: Handle[] = ['nw', 'n', 'ne', 'e', 'se', 's', 'sw', 'w'];
const r2 = (v: number) => Math.round(v * 100) / 100;

export function clampBox(b: Box): Box {
  const w = Math.min(SLIDE_W_IN, Math.max(0.2, r2(b.w)));
  const h = Math.min(SLIDE_H_IN, Math.max(0.2, r2(b.h)));
  return {
    x: Math.min(SLIDE_W_IN - 0.1, Math.max(-1, r2(b.x))),
    y: Math.min(SLIDE_H_IN - 0.1, Math.max(-1, r2(b.y))),
    w,
    h,
  };
}

function dragBox(start: Box, mode: 'move' | Handle, dx: number, dy: number): Box {
  if (mode === 'move') return clampBox({ ...start, x: start.x + dx, y: start.y + dy });
  let { x, y, w, h } = start;
  if (mode.includes('e')) w = Math.max(0.2, start.w + dx);
  if (mode.includes('s')) h = Math.max(0.2, start.h + dy);
  if (mode.includes('w')) {
    w = Math.max(0.2, start.w - dx);
    x = start.x + start.w - w;
  }
  if (mode.includes('n')) {
    h = Math.max(0.2, start.h - dy);
    y = start.y + start.h - h;
  }
  return clampBox({ x, y, w, h });
}

const KIND_LABEL: Record<SlideElement['kind'], string> = {
  text: 'Text box',
  image: 'Image',
  chart: 'Chart',
  table: 'Table',
  shape: 'Shape',
};

function numbering(paras: SlideParagraph[]): Array<number | null> {
  let n = 0;
  return paras.map((p) => {
    if (p.bullet === 'number') return ++n;
    n = 0;
    return null;
  });
}

interface ElementProps {
  el: SlideElement;
  index: number;
  box: Box;
  theme: DeckTheme;
  readOnly: boolean;
  slideId: string;
  onChange: SlideChange;
  onLineFocus: (i: number) => void;
}

function TextElement({
  el,
  index,
  theme,
  readOnly,
  slideId,
  onChange,
  onLineFocus,
}: ElementProps & { el: Extract<SlideElement, { kind: 'text' }> }) {
  const nums = numbering(el.paragraphs);
  return (
    <LinesBox
      lines={el.paragraphs.map((p) => ({ text: paraText(p), level: p.level, para: p, runs: p.runs }))}
      onLines={(ls) =>
        onChange(
          (sl) => ({
            ...sl,
            elements: sl.elements.map((e, k) =>
              k === index && e.kind === 'text'
                ? {
                    ...e,
                    paragraphs: paragraphsFrom(
                      ls.length ? ls : [{ text: '', level: 0, para: { runs: [{ text: '' }], level: 0 }, runs: [{ text: '' }] }],
                    ),
                  }
                : e,
            ),
          }),
          `text:${slideId}:${index}`,
        )
      }
      readOnly={readOnly}
      label={`Text box ${index + 1} paragraphs`}
      className={s.textBox}
      indent
      onLineFocus={onLineFocus}
      lineClass={(l) => (l.para.bullet === 'number' ? s.numbered : l.para.bullet ? s.bullet : s.line)}
      lineData={(_, i) => ({ 'data-para': String(i), ...(nums[i] ? { 'data-num': `${nums[i]}.` } : {}) })}
      lineStyle={(l) => {
        // the line (and its bullet) as the renderer sets the paragraph: the first run's size; each
        // run's own formatting is on its span, the line carries what all runs share
        const runs = l.runs ?? l.para.runs;
        const r = runs[0];
        const all = (k: 'bold' | 'italic' | 'underline') => runs.length > 0 && runs.every((x) => x[k]);
        const colours = new Set(runs.map((x) => x.color));
        return {
          fontSize: r?.size ?? el.fontSize ?? 18,
          fontWeight: all('bold') ? 700 : 400,
          fontStyle: all('italic') ? 'italic' : 'normal',
          textDecoration: all('underline') ? 'underline' : undefined,
          color: (colours.size === 1 ? r?.color : undefined) ?? theme.colors.text,
          textAlign: l.para.align ?? 'left',
          marginLeft: l.level * BULLET_INDENT_PT,
        };
      }}
      style={{
        ...FILL,
        background: el.fill,
        justifyContent: el.valign === 'middle' ? 'center' : el.valign === 'bottom' ? 'flex-end' : 'flex-start',
      }}
    />
  );
}

function TableView({
  el,
  index,
  box,
  theme,
  readOnly,
  onChange,
  slideId,
}: ElementProps & { el: Extract<SlideElement, { kind: 'table' }> }) {
  const cols = Math.max(...el.rows.map((r) => r.length));
  // the renderer's sizes: a small table placed by the layout is set larger, with taller rows
  const plan = planTable(el, box, theme.bodyFont, el.h === undefined);
  return (
    <table
      className={s.table}
      style={{ left: 0, top: 0, width: plan.colW.reduce((a, w) => a + w, 0) * IN, fontSize: plan.fontSize }}
    >
      <colgroup>
        {plan.colW.map((w, ci) => (
          <col key={ci} style={{ width: w * IN }} />
        ))}
      </colgroup>
      <tbody>
        {el.rows.map((r, ri) => (
          <tr
            key={ri}
            style={{ height: plan.rowH * IN }}
            className={el.headerRow !== false && ri === 0 ? s.headerRow : ri % 2 === 0 ? s.stripe : undefined}
          >
            {Array.from({ length: cols }, (_, ci) => (
              <td key={ci}>
                <EditableText
                  text={String(r[ci] ?? '')}
                  resetKey={`${slideId}-${index}-${ri}-${ci}`}
                  readOnly={readOnly}
                  label={`Table ${index + 1}, row ${ri + 1}, column ${ci + 1}`}
                  data={runsData({ kind: 'cell', element: index, row: ri, col: ci })}
                  {...(el.cellRuns?.[ri]?.[ci] ? { style: RICH } : {})}
                  {...richProps(
                    el.cellRuns?.[ri]?.[ci] ?? undefined,
                    { kind: 'cell', element: index, row: ri, col: ci },
                    onChange,
                    `table:${slideId}:${index}:${ri}:${ci}`,
                  )}
                  onText={(t) =>
                    onChange(
                      (sl) => dropStaleRuns({
                        ...sl,
                        elements: sl.elements.map((e, k) => {
                          if (k !== index || e.kind !== 'table') return e;
                          const rows = e.rows.map((row) => [...row]);
                          const row = rows[ri]!;
                          while (row.length < cols) row.push('');
                          const old = e.rows[ri]?.[ci];
                          row[ci] =
                            typeof old === 'number' && t.trim() !== '' && Number.isFinite(Number(t)) ? Number(t) : t;
                          return { ...e, rows };
                        }),
                      }),
                      `table:${slideId}:${index}:${ri}:${ci}`,
                    )
                  }
                />
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ElementContent(props: ElementProps) {
  const { el, index, box, theme, readOnly, slideId, onChange } = props;
  switch (el.kind) {
    case 'text':
      return <TextElement {...props} el={el} />;
    case 'shape':
      return (
        <div
          className={s.shape}
          data-shape={el.shape}
          style={{
            ...FILL,
            background: el.shape === 'line' ? undefined : el.fill,
            borderColor: el.line ?? 'transparent',
            color: el.textColor ?? (el.fill ? '#fff' : theme.colors.text),
            fontSize: el.fontSize ?? 16,
          }}
        >
          {el.text !== undefined && (
            <EditableText
              text={el.text}
              resetKey={`${slideId}-${index}`}
              readOnly={readOnly}
              label={`Shape ${index + 1} text`}
              className={s.shapeText}
              onText={(t) =>
                onChange(
                  (sl) => ({
                    ...sl,
                    elements: sl.elements.map((e, k) => (k === index && e.kind === 'shape' ? { ...e, text: t } : e)),
                  }),
                  `shape:${slideId}:${index}`,
                )
              }
            />
          )}
        </div>
      );
    case 'table':
      return <TableView {...props} el={el} />;
    case 'chart':
      return (
        <div className={s.abs} style={FILL}>
          <SlideChart el={el} width={box.w * IN} height={box.h * IN} theme={theme} />
        </div>
      );
    case 'image':
      return (
        // eslint-disable-next-line @next/next/no-img-element
        <img
          className={s.abs}
          draggable={false}
          style={{ ...FILL, objectFit: el.fit === 'stretch' ? 'fill' : (el.fit ?? 'contain') }}
          src={el.src.startsWith('data:') || /^https?:/.test(el.src) ? el.src : undefined}
          alt={el.alt ?? ''}
        />
      );
  }
}

export interface SlideViewProps {
  slide: Slide;
  theme: DeckTheme;
  number: number;
  readOnly: boolean;
  onChange?: SlideChange;
  /** the stage's scale (pointer moves are divided by it) */
  scale?: number;
  selected?: number | null;
  onSelect?: (i: number | null) => void;
  onTextFocus?: (f: TextFocus | null) => void;
  onOpenChart?: (i: number) => void;
}

const noChange: SlideChange = () => {};
const TITLE: RunsTarget = { kind: 'title' };
const SUBTITLE: RunsTarget = { kind: 'subtitle' };

export function SlideView({
  slide,
  theme,
  number,
  readOnly,
  onChange = noChange,
  scale = 1,
  selected = null,
  onSelect,
  onTextFocus,
  onOpenChart,
}: SlideViewProps) {
  const g = slideGeometry(slide, theme);
  const [drag, setDrag] = useState<{ index: number; box: Box } | null>(null);
  const c = theme.colors;
  const vars = {
    '--deck-primary': c.primary,
    '--deck-accent': c.accent,
    '--deck-text': c.text,
    '--deck-muted': c.muted,
    '--deck-heading-font': `${theme.headingFont}, Carlito, var(--font-sans)`,
    '--deck-body-font': `${theme.bodyFont}, Carlito, var(--font-sans)`,
    background: slide.background ?? (g.dark ? c.primary : c.background),
    width: SLIDE_PX_W,
    height: SLIDE_PX_H,
  } as CSSProperties;
  const id = slide.id;
  const colour = (p: PlacedText, dark: string, light: string) =>
    p.color === 'primary'
      ? c.primary
      : p.color === 'muted'
        ? c.muted
        : p.color === 'text'
          ? c.text
          : g.dark
            ? dark
            : light;
  const interactive = !readOnly && !!onSelect;
  const boxOf = (el: SlideElement): Box => ({
    x: el.x ?? g.elementBox.x,
    y: el.y ?? g.elementBox.y,
    w: el.w ?? g.elementBox.w,
    h: el.h ?? g.elementBox.h,
  });
  const setBox = (i: number, b: Box, key: string) =>
    onChange((sl) => ({ ...sl, elements: sl.elements.map((e, k) => (k === i ? { ...e, ...clampBox(b) } : e)) }), key);

  const startDrag = (e: ReactPointerEvent, i: number, mode: 'move' | Handle) => {
    if (!interactive || e.button !== 0) return;
    e.preventDefault();
    e.stopPropagation();
    onSelect?.(i);
    e.currentTarget.closest<HTMLElement>('[data-element-frame]')?.focus({ preventScroll: true });
    const start = boxOf(slide.elements[i]!);
    const sx = e.clientX;
    const sy = e.clientY;
    let last = start;
    setDrag({ index: i, box: start });
    const move = (ev: PointerEvent) => {
      last = dragBox(start, mode, (ev.clientX - sx) / scale / IN, (ev.clientY - sy) / scale / IN);
      setDrag({ index: i, box: last });
    };
    const up = () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
      window.removeEventListener('pointercancel', up);
      setDrag(null);
      if (last !== start) setBox(i, last, `drag:${id}:${i}:${uniq()}`);
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
    window.addEventListener('pointercancel', up);
  };

  const onFrameKey = (i: number, b: Box) => (e: KeyboardEvent<HTMLDivElement>) => {
    if (!interactive) return;
    if (e.target !== e.currentTarget) {
      if (e.key === 'Escape') {
        e.preventDefault();
        e.currentTarget.focus();
      }
      return;
    }
    const step = e.shiftKey ? 0.5 : 0.1;
    const d = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] }[
      e.key as 'ArrowLeft'
    ];
    if (d) {
      e.preventDefault();
      if (e.altKey) setBox(i, { ...b, w: b.w + d[0]!, h: b.h + d[1]! }, `resize:${id}:${i}`);
      else setBox(i, { ...b, x: b.x + d[0]!, y: b.y + d[1]! }, `nudge:${id}:${i}`);
    } else if (e.key === 'Delete' || e.key === 'Backspace') {
      e.preventDefault();
      onSelect?.(null);
      onChange((sl) => ({ ...sl, elements: sl.elements.filter((_, k) => k !== i) }), `delete:${id}:${i}:${uniq()}`);
    } else if (e.key === 'Enter') {
      const inner = e.currentTarget.querySelector<HTMLElement>('[contenteditable]');
      e.preventDefault();
      if (inner) setCaret(inner, inner.innerText.length);
      else if (slide.elements[i]?.kind === 'chart') onOpenChart?.(i);
    } else if (e.key === 'Escape') onSelect?.(null);
  };

  return (
    <div
      className={s.slide}
      style={vars}
      data-slide-id={id}
      // a move or resize under way: the session waits for its end before showing a newer version
      data-gesture={drag ? 'drag' : undefined}
      onPointerDown={(e) => {
        if (interactive && !(e.target as HTMLElement).closest('[data-element-frame]')) {
          onSelect?.(null);
          onTextFocus?.(null);
        }
      }}
    >
      {interactive && (
        <p id={`${id}-element-help`} className={s.srOnly}>
          Arrow keys move the element (Shift: larger steps), Alt+arrow keys resize it, Delete removes it, Enter edits
          its text, Escape in the text comes back to the element.
        </p>
      )}
      {g.title && (slide.title !== undefined || !readOnly) && (
        <EditableText
          text={slide.title ?? ''}
          resetKey={id}
          readOnly={readOnly}
          label="Slide title"
          testId="slide-title"
          className={s.title}
          data={runsData(TITLE)}
          style={{
            ...boxStyle(g.title.box),
            fontSize: g.title.size,
            textAlign: g.title.align,
            fontStyle: g.title.italic ? 'italic' : undefined,
            alignItems: g.title.valign === 'top' ? 'flex-start' : undefined,
            color: colour(g.title, '#fff', c.primary),
            // formatted: a block whose runs flow inline (the flex box would make each run a flex
            // item), aligned to the box's bottom (or top) as the flex box aligns the plain text
            ...(slide.titleRuns
              ? { ...RICH, display: 'block', alignContent: g.title.valign === 'top' ? 'start' : g.title.valign === 'middle' ? 'center' : 'end' }
              : {}),
          }}
          onText={(t) => onChange((sl) => dropStaleRuns({ ...sl, title: t }), `title:${id}`)}
          {...richProps(slide.titleRuns, TITLE, onChange, `title:${id}`)}
        />
      )}
      {g.accent && <div className={s.accent} style={{ ...boxStyle(g.accent), background: c.accent }} aria-hidden />}
      {g.subtitle && (slide.subtitle !== undefined || (g.dark && !readOnly)) && (
        <EditableText
          text={slide.subtitle ?? ''}
          resetKey={id}
          readOnly={readOnly}
          label="Slide subtitle"
          className={s.subtitle}
          data={runsData(SUBTITLE)}
          style={{
            ...boxStyle(g.subtitle.box),
            fontSize: g.subtitle.size,
            textAlign: g.subtitle.align,
            fontStyle: g.subtitle.italic ? 'italic' : undefined,
            color: colour(g.subtitle, '#E7E6E6', c.muted),
            ...(slide.subtitleRuns ? RICH : {}),
          }}
          onText={(t) => onChange((sl) => dropStaleRuns({ ...sl, subtitle: t }), `subtitle:${id}`)}
          {...richProps(slide.subtitleRuns, SUBTITLE, onChange, `subtitle:${id}`)}
        />
      )}
      {g.bullets && (
        <LinesBox
          lines={bulletLines(slide.bullets)}
          onLines={(ls) => onChange((sl) => ({ ...sl, bullets: toBullets(ls) }), `bullets:${id}`)}
          readOnly={readOnly}
          label="Bullets"
          className={s.bullets}
          lineClass={() => s.bullet}
          lineData={(_, i) => runsData({ kind: 'bullet', index: i })}
          indent
          lineStyle={(l, i) => ({
            marginLeft: l.level * BULLET_INDENT_PT,
            fontSize: bulletFontSize(g.bullets!.size, l.level),
            marginBottom:
              i < (slide.bullets?.length ?? 0) - 1 ? (g.bullets!.spaceAfterPt?.[i] ?? BULLET_SPACE_AFTER_PT) : 0,
          })}
          style={bulletsStyle(g.bullets)}
        />
      )}
      {g.body && (
        <LinesBox
          lines={bulletLines(slide.bullets)}
          onLines={(ls) => onChange((sl) => ({ ...sl, bullets: toBullets(ls) }), `bullets:${id}`)}
          readOnly={readOnly}
          label="Supporting lines"
          className={s.bullets}
          lineClass={() => s.line}
          lineData={(_, i) => runsData({ kind: 'bullet', index: i })}
          indent={false}
          style={{
            ...boxStyle(g.body.box),
            fontSize: g.body.size,
            textAlign: g.body.align,
            color: colour(g.body, '#E7E6E6', c.muted),
          }}
        />
      )}
      {g.columns.map((col, i) => {
        const data = slide.columns![i]!;
        const patchCol = (p: { heading?: string; bullets?: Bullet[] }, key: string) =>
          onChange(
            (sl) => dropStaleRuns({ ...sl, columns: (sl.columns ?? []).map((cc, j) => (j === i ? { ...cc, ...p } : cc)) }),
            key,
          );
        return (
          <div key={i}>
            {col.heading && (
              <EditableText
                text={data.heading ?? ''}
                resetKey={id}
                readOnly={readOnly}
                label={`Column ${i + 1} heading`}
                className={s.colHeading}
                data={runsData({ kind: 'heading', column: i })}
                style={{ ...boxStyle(col.heading.box), fontSize: col.heading.size, ...(data.headingRuns ? RICH : {}) }}
                onText={(t) => patchCol({ heading: t }, `colh:${id}:${i}`)}
                {...richProps(data.headingRuns, { kind: 'heading', column: i }, onChange, `colh:${id}:${i}`)}
              />
            )}
            {col.bullets && (
              <LinesBox
                lines={bulletLines(data.bullets)}
                onLines={(ls) => patchCol({ bullets: toBullets(ls) }, `colb:${id}:${i}`)}
                readOnly={readOnly}
                label={`Column ${i + 1} bullets`}
                className={s.bullets}
                lineClass={() => s.bullet}
                lineData={(_, k) => runsData({ kind: 'column-bullet', column: i, index: k })}
                indent
                lineStyle={(l, k) => ({
                  marginLeft: l.level * BULLET_INDENT_PT,
                  fontSize: bulletFontSize(col.bullets!.size, l.level),
                  marginBottom:
                    k < data.bullets.length - 1 ? (col.bullets!.spaceAfterPt?.[k] ?? BULLET_SPACE_AFTER_PT) : 0,
                })}
                style={bulletsStyle(col.bullets)}
              />
            )}
          </div>
        );
      })}
      {slide.elements.map((el, i) => {
        const b = drag?.index === i ? drag.box : boxOf(el);
        const isSel = interactive && selected === i;
        const content = (
          <ElementContent
            el={el}
            index={i}
            box={b}
            theme={theme}
            readOnly={readOnly}
            slideId={id}
            onChange={onChange}
            onLineFocus={(p) => {
              onSelect?.(i);
              onTextFocus?.({ element: i, para: p });
            }}
          />
        );
        if (!interactive) {
          return (
            <div key={`${id}-${i}`} className={s.frame} style={boxStyle(b)}>
              {content}
            </div>
          );
        }
        // text, tables and shapes with text are edited inside: they move by their grip; the others by dragging them
        const editsInside = el.kind === 'text' || el.kind === 'table' || (el.kind === 'shape' && el.text !== undefined);
        return (
          <div
            key={`${id}-${i}`}
            className={s.frame}
            style={boxStyle(b)}
            data-element-frame={i}
            data-kind={el.kind}
            data-selected={isSel ? 'true' : undefined}
            tabIndex={0}
            role="group"
            aria-roledescription="slide element"
            aria-label={`${KIND_LABEL[el.kind]} ${i + 1}${el.kind === 'chart' && el.title ? `: ${el.title}` : ''}`}
            aria-describedby={`${id}-element-help`}
            onFocus={(e) => {
              if (selected !== i) onSelect?.(i);
              if (e.target === e.currentTarget) onTextFocus?.(null);
            }}
            onPointerDown={(e) => {
              if (editsInside || (e.target as HTMLElement).closest('[contenteditable]')) {
                onSelect?.(i);
                return;
              }
              startDrag(e, i, 'move');
            }}
            onDoubleClick={() => el.kind === 'chart' && onOpenChart?.(i)}
            onKeyDown={onFrameKey(i, b)}
          >
            {content}
            {isSel && (
              <>
                {editsInside && (
                  <div
                    className={s.grip}
                    title="Drag to move"
                    aria-hidden
                    onPointerDown={(e) => startDrag(e, i, 'move')}
                    data-testid="move-grip"
                  >
                    ⠿
                  </div>
                )}
                {HANDLES.map((h) => (
                  <div
                    key={h}
                    className={s.handle}
                    data-h={h}
                    aria-hidden
                    onPointerDown={(e) => startDrag(e, i, h)}
                    data-testid={`handle-${h}`}
                  />
                ))}
              </>
            )}
          </div>
        );
      })}
      {!g.dark && (
        <div className={s.number} aria-hidden>
          {number}
        </div>
      )}
    </div>
  );
}
