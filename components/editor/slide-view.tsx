'use client';
// One slide drawn at 960 × 540 px (72 px per inch, so 1 pt = 1 px) in the renderer's geometry.
// Editable: title, subtitle, bullets, column headings/bullets, text boxes, shape text, table cells.
import { useRef, useState, type CSSProperties, type KeyboardEvent } from 'react';
import type { Bullet, DeckTheme, Slide, SlideElement } from '@/server/documents/deck/schema';
import { EditableText } from './editable-text';
import { slideGeometry, type Box, type PlacedText } from './slide-geometry';
import { BULLET_INDENT_PT, BULLET_SPACE_AFTER_PT, bulletFontSize } from '@/lib/deck/measure-text';
import { planTable } from '@/lib/deck/table-layout';
import type { DeckEdit } from './editor-types';
import s from './slides.module.css';

export const SLIDE_PX_W = 960;
export const SLIDE_PX_H = 540;
const IN = 72;

export type SlidePatch = Omit<NonNullable<DeckEdit['slides']>[number], 'id'>;

const boxStyle = (b: Box): CSSProperties => ({ left: b.x * IN, top: b.y * IN, width: b.w * IN, height: b.h * IN });

interface Line {
  key: number;
  level: number;
  text: string;
}

let lineKey = 0;

/** A list of one-line editables: Enter adds a line, Backspace on an empty line removes it, Tab / Shift+Tab indent. */
function LinesBox({
  lines: initial,
  onLines,
  readOnly,
  label,
  className,
  lineClass,
  style,
  indent,
  bulletSize,
  spaceAfterPt,
}: {
  lines: Array<{ text: string; level: number }>;
  onLines: (lines: Array<{ text: string; level: number }>) => void;
  readOnly: boolean;
  label: string;
  className?: string;
  lineClass?: string;
  style?: CSSProperties;
  indent: boolean;
  /** bullets: the level-0 size (deeper levels are smaller, as in the file) */
  bulletSize?: number;
  /** bullets: the space after each line, points (= px) */
  spaceAfterPt?: number[];
}) {
  const [lines, setLines] = useState<Line[]>(() => initial.map((l) => ({ ...l, key: ++lineKey })));
  const texts = useRef(new Map(lines.map((l) => [l.key, l.text] as const)));
  const [focusKey, setFocusKey] = useState<number | null>(null);
  const emit = (next: Line[]) => onLines(next.map((l) => ({ text: texts.current.get(l.key) ?? '', level: l.level })));
  const update = (next: Line[]) => {
    setLines(next);
    emit(next);
  };
  const onKey = (i: number) => (e: KeyboardEvent<HTMLDivElement>) => {
    const line = lines[i]!;
    if (e.key === 'Enter') {
      e.preventDefault();
      const nl = { key: ++lineKey, level: line.level, text: '' };
      texts.current.set(nl.key, '');
      setFocusKey(nl.key);
      update([...lines.slice(0, i + 1), nl, ...lines.slice(i + 1)]);
    } else if (e.key === 'Backspace' && (texts.current.get(line.key) ?? '') === '' && lines.length > 1) {
      e.preventDefault();
      setFocusKey(lines[i - 1]?.key ?? lines[i + 1]?.key ?? null);
      update(lines.filter((_, j) => j !== i));
    } else if (e.key === 'Tab' && indent) {
      e.preventDefault();
      const level = Math.max(0, Math.min(4, line.level + (e.shiftKey ? -1 : 1)));
      update(lines.map((l, j) => (j === i ? { ...l, level } : l)));
    }
  };
  return (
    <div className={className} style={style} role="group" aria-label={label}>
      {lines.map((l, i) => (
        <EditableText
          key={l.key}
          text={l.text}
          resetKey={l.key}
          autoFocus={focusKey === l.key}
          readOnly={readOnly}
          label={`${label}, line ${i + 1}`}
          className={lineClass}
          style={
            indent
              ? {
                  marginLeft: l.level * BULLET_INDENT_PT,
                  ...(bulletSize ? { fontSize: bulletFontSize(bulletSize, l.level) } : {}),
                  marginBottom: i < lines.length - 1 ? (spaceAfterPt?.[i] ?? BULLET_SPACE_AFTER_PT) : 0,
                }
              : undefined
          }
          onText={(t) => {
            texts.current.set(l.key, t);
            emit(lines);
          }}
          onKeyDown={onKey(i)}
        />
      ))}
    </div>
  );
}

const bulletLines = (bs: Bullet[] | undefined) => (bs ?? []).map((b) => (typeof b === 'string' ? { text: b, level: 0 } : { text: b.text, level: b.level ?? 0 }));
const toBullets = (ls: Array<{ text: string; level: number }>): Bullet[] => ls.map((l) => (l.level ? { text: l.text, level: l.level } : l.text));

function Chart({ el }: { el: Extract<SlideElement, { kind: 'chart' }> }) {
  const max = Math.max(1, ...el.series.flatMap((x) => x.values.map((v) => Math.abs(v))));
  const n = el.categories.length;
  const colors = ['var(--deck-primary)', 'var(--deck-accent)', '#70AD47', '#5B9BD5', '#FFC000'];
  return (
    <div className={s.chart} role="img" aria-label={`${el.chartType} chart${el.title ? `: ${el.title}` : ''} (edit its data by prompting the agent)`}>
      {el.title && <div className={s.chartTitle}>{el.title}</div>}
      <svg viewBox="0 0 100 60" preserveAspectRatio="none" className={s.chartSvg} aria-hidden>
        {el.categories.map((_, ci) =>
          el.series.map((ser, si) => {
            const w = 80 / n / el.series.length;
            const v = Math.abs(ser.values[ci] ?? 0);
            const h = (v / max) * 50;
            return <rect key={`${ci}-${si}`} x={10 + ci * (80 / n) + si * w + w * 0.1} y={55 - h} width={w * 0.8} height={h} fill={colors[si % colors.length]} />;
          }),
        )}
        <line x1="8" y1="55" x2="92" y2="55" stroke="#999" strokeWidth="0.3" />
      </svg>
    </div>
  );
}

/** A bullets box of the plan: position, size, alignment and spacing. */
const bulletsStyle = (p: PlacedText): CSSProperties => ({
  ...boxStyle(p.box),
  fontSize: p.size,
  justifyContent: p.valign === 'middle' ? 'center' : p.valign === 'bottom' ? 'flex-end' : 'flex-start',
});

function ElementView({ el, index, box, theme, readOnly, onPatch, slideId }: { el: SlideElement; index: number; box: Box; theme: DeckTheme; readOnly: boolean; onPatch: (p: SlidePatch) => void; slideId: string }) {
  const b: Box = { x: el.x ?? box.x, y: el.y ?? box.y, w: el.w ?? box.w, h: el.h ?? box.h };
  const style = boxStyle(b);
  switch (el.kind) {
    case 'text':
      return (
        <LinesBox
          key={`${slideId}-${index}`}
          lines={el.paragraphs.map((p) => ({ text: p.runs.map((r) => r.text).join(''), level: p.level }))}
          onLines={(ls) => onPatch({ elements: [{ index, paragraphs: ls.map((l) => l.text) }] })}
          readOnly={readOnly}
          label={`Text box ${index + 1}`}
          className={s.textBox}
          lineClass={s.line}
          indent={false}
          style={{
            ...style,
            fontSize: el.paragraphs[0]?.runs[0]?.size ?? el.fontSize ?? 18,
            background: el.fill,
            justifyContent: el.valign === 'middle' ? 'center' : el.valign === 'bottom' ? 'flex-end' : 'flex-start',
            textAlign: el.paragraphs[0]?.align ?? 'left',
            fontWeight: el.paragraphs[0]?.runs[0]?.bold ? 700 : undefined,
            color: el.paragraphs[0]?.runs[0]?.color ?? undefined,
          }}
        />
      );
    case 'shape':
      return (
        <div className={s.shape} data-shape={el.shape} style={{ ...style, background: el.shape === 'line' ? undefined : el.fill, borderColor: el.line ?? 'transparent', color: el.textColor ?? (el.fill ? '#fff' : theme.colors.text), fontSize: el.fontSize ?? 16 }}>
          {el.text !== undefined && (
            <EditableText text={el.text} resetKey={`${slideId}-${index}`} readOnly={readOnly} label={`Shape ${index + 1} text`} className={s.shapeText} onText={(t) => onPatch({ elements: [{ index, text: t }] })} />
          )}
        </div>
      );
    case 'table':
      return <TableView el={el} index={index} box={b} bodyFont={theme.bodyFont} readOnly={readOnly} onPatch={onPatch} slideId={slideId} />;
    case 'chart':
      return (
        <div className={s.abs} style={style}>
          <Chart el={el} />
        </div>
      );
    case 'image':
      return (
        // eslint-disable-next-line @next/next/no-img-element
        <img className={s.abs} style={{ ...style, objectFit: el.fit === 'stretch' ? 'fill' : el.fit }} src={el.src.startsWith('data:') || /^https?:/.test(el.src) ? el.src : undefined} alt={el.alt ?? ''} />
      );
  }
}

function TableView({ el, index, box, bodyFont, readOnly, onPatch, slideId }: { el: Extract<SlideElement, { kind: 'table' }>; index: number; box: Box; bodyFont: string; readOnly: boolean; onPatch: (p: SlidePatch) => void; slideId: string }) {
  const rows = useRef(el.rows.map((r) => [...r]));
  const cols = Math.max(...el.rows.map((r) => r.length));
  // the renderer's sizes: a small table placed by the layout is set larger, with taller rows
  const plan = planTable(el, box, bodyFont, el.h === undefined);
  return (
    <table className={s.table} style={{ ...boxStyle(box), width: plan.colW.reduce((a, w) => a + w, 0) * IN, height: undefined, fontSize: plan.fontSize }}>
      <colgroup>
        {plan.colW.map((w, ci) => (
          <col key={ci} style={{ width: w * IN }} />
        ))}
      </colgroup>
      <tbody>
        {el.rows.map((r, ri) => (
          <tr key={ri} style={{ height: plan.rowH * IN }} className={el.headerRow && ri === 0 ? s.headerRow : ri % 2 === 0 ? s.stripe : undefined}>
            {Array.from({ length: cols }, (_, ci) => (
              <td key={ci}>
                <EditableText
                  text={String(r[ci] ?? '')}
                  resetKey={`${slideId}-${index}-${ri}-${ci}`}
                  readOnly={readOnly}
                  label={`Table ${index + 1}, row ${ri + 1}, column ${ci + 1}`}
                  onText={(t) => {
                    const row = rows.current[ri]!;
                    while (row.length < cols) row.push('');
                    const old = el.rows[ri]?.[ci];
                    row[ci] = typeof old === 'number' && t.trim() !== '' && Number.isFinite(Number(t)) ? Number(t) : t;
                    onPatch({ elements: [{ index, rows: rows.current.map((x) => [...x]) }] });
                  }}
                />
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function SlideView({ slide, theme, number, readOnly, onPatch }: { slide: Slide; theme: DeckTheme; number: number; readOnly: boolean; onPatch: (p: SlidePatch) => void }) {
  const g = slideGeometry(slide, theme);
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
  const colour = (p: PlacedText, dark: string, light: string) => (p.color === 'primary' ? c.primary : p.color === 'muted' ? c.muted : p.color === 'text' ? c.text : g.dark ? dark : light);
  return (
    <div className={s.slide} style={vars} data-slide-id={id}>
      {g.title && (slide.title !== undefined || !readOnly) && (
        <EditableText
          text={slide.title ?? ''}
          resetKey={id}
          readOnly={readOnly}
          label="Slide title"
          testId="slide-title"
          className={s.title}
          style={{
            ...boxStyle(g.title.box),
            fontSize: g.title.size,
            textAlign: g.title.align,
            fontStyle: g.title.italic ? 'italic' : undefined,
            alignItems: g.title.valign === 'top' ? 'flex-start' : undefined,
            color: colour(g.title, '#fff', c.primary),
          }}
          onText={(t) => onPatch({ title: t })}
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
          style={{ ...boxStyle(g.subtitle.box), fontSize: g.subtitle.size, textAlign: g.subtitle.align, fontStyle: g.subtitle.italic ? 'italic' : undefined, color: colour(g.subtitle, '#E7E6E6', c.muted) }}
          onText={(t) => onPatch({ subtitle: t })}
        />
      )}
      {g.bullets && (
        <LinesBox
          key={`${id}-bullets`}
          lines={bulletLines(slide.bullets)}
          onLines={(ls) => onPatch({ bullets: toBullets(ls) })}
          readOnly={readOnly}
          label="Bullets"
          className={s.bullets}
          lineClass={s.bullet}
          indent
          bulletSize={g.bullets.size}
          {...(g.bullets.spaceAfterPt ? { spaceAfterPt: g.bullets.spaceAfterPt } : {})}
          style={bulletsStyle(g.bullets)}
        />
      )}
      {g.body && (
        <LinesBox
          key={`${id}-body`}
          lines={bulletLines(slide.bullets)}
          onLines={(ls) => onPatch({ bullets: toBullets(ls) })}
          readOnly={readOnly}
          label="Supporting lines"
          className={s.bullets}
          lineClass={s.line}
          indent={false}
          style={{ ...boxStyle(g.body.box), fontSize: g.body.size, textAlign: g.body.align, color: colour(g.body, '#E7E6E6', c.muted) }}
        />
      )}
      {g.columns.map((col, i) => {
        const data = slide.columns![i]!;
        const patchCol = (p: { heading?: string; bullets?: Bullet[] }) => {
          const cols = (slide.columns ?? []).map((cc, j) => (j === i ? { ...cc, ...p } : cc));
          onPatch({ columns: cols });
        };
        return (
          <div key={i}>
            {col.heading && (
              <EditableText text={data.heading ?? ''} resetKey={id} readOnly={readOnly} label={`Column ${i + 1} heading`} className={s.colHeading} style={{ ...boxStyle(col.heading.box), fontSize: col.heading.size }} onText={(t) => patchCol({ heading: t })} />
            )}
            {col.bullets && (
              <LinesBox
                key={`${id}-col${i}`}
                lines={bulletLines(data.bullets)}
                onLines={(ls) => patchCol({ bullets: toBullets(ls) })}
                readOnly={readOnly}
                label={`Column ${i + 1} bullets`}
                className={s.bullets}
                lineClass={s.bullet}
                indent
                bulletSize={col.bullets.size}
                {...(col.bullets.spaceAfterPt ? { spaceAfterPt: col.bullets.spaceAfterPt } : {})}
                style={bulletsStyle(col.bullets)}
              />
            )}
          </div>
        );
      })}
      {slide.elements.map((el, i) => (
        <ElementView key={`${id}-${i}`} el={el} index={i} box={g.elementBox} theme={theme} readOnly={readOnly} onPatch={onPatch} slideId={id} />
      ))}
      {!g.dark && (
        <div className={s.number} aria-hidden>
          {number}
        </div>
      )}
    </div>
  );
}
