'use client';
// Slide editing surface over the deck model: thumbnails (click, arrow keys, drag or Alt+↑/↓ to
// reorder), the current slide on a zoomable 16:9 stage with editable text, and speaker notes.
// Each change is sent as a small patch (slide text fields, element text, order).
import { memo, useCallback, useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import type { Deck, Slide } from '@/server/documents/deck/schema';
import type { EditorDocument, EditorEdit } from './editor-types';
import { SLIDE_PX_H, SLIDE_PX_W, SlideView, type SlidePatch } from './slide-view';
import { ZoomControl } from './zoom-control';
import styles from './editor.module.css';
import s from './slides.module.css';

type SlidesDoc = Extract<EditorDocument, { format: 'slides' }>;
const THUMB_W = 160;
const noop = () => {};

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
        <SlideView slide={slide} theme={deck.theme} number={number} readOnly onPatch={noop} />
      </div>
    </Scaled>
  );
});

function applyPatch(slide: Slide, p: SlidePatch): Slide {
  const next: Slide = { ...slide };
  if (p.title !== undefined) next.title = p.title;
  if (p.subtitle !== undefined) next.subtitle = p.subtitle;
  if (p.bullets !== undefined) next.bullets = p.bullets;
  if (p.columns !== undefined) next.columns = p.columns;
  if (p.notes !== undefined) next.notes = p.notes;
  if (p.elements) {
    const els = [...next.elements];
    for (const e of p.elements) {
      const el = els[e.index];
      if (!el) continue;
      if (e.paragraphs && el.kind === 'text') els[e.index] = { ...el, paragraphs: e.paragraphs.map((t, i) => ({ ...(el.paragraphs[i] ?? el.paragraphs[0]!), runs: [{ ...(el.paragraphs[i] ?? el.paragraphs[0]!).runs[0]!, text: t }] })) };
      if (e.text !== undefined && el.kind === 'shape') els[e.index] = { ...el, text: e.text };
      if (e.rows && el.kind === 'table') els[e.index] = { ...el, rows: e.rows };
    }
    next.elements = els;
  }
  return next;
}

export function SlidesEditor({ doc, readOnly, onEdit }: { doc: SlidesDoc; readOnly: boolean; onEdit: (e: EditorEdit) => void }) {
  const [deck, setDeck] = useState<Deck>(doc.model);
  const [current, setCurrent] = useState(0);
  const [zoom, setZoom] = useState(1);
  const [fit, setFit] = useState(0.8);
  const [dragFrom, setDragFrom] = useState<number | null>(null);
  const [dragOver, setDragOver] = useState<number | null>(null);
  const stage = useRef<HTMLDivElement>(null);
  const thumbRefs = useRef<Array<HTMLButtonElement | null>>([]);
  const slide = deck.slides[current];

  useLayoutEffect(() => {
    const el = stage.current;
    if (!el) return;
    const measure = () => setFit(Math.max(0.2, Math.min((el.clientWidth - 40) / SLIDE_PX_W, (el.clientHeight - 40) / SLIDE_PX_H)));
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const patch = useCallback(
    (id: string, p: SlidePatch) => {
      setDeck((d) => ({ ...d, slides: d.slides.map((x) => (x.id === id ? applyPatch(x, p) : x)) }));
      onEdit({ kind: 'deck', slides: [{ id, ...p }] });
    },
    [onEdit],
  );

  const move = (from: number, to: number) => {
    if (readOnly || to < 0 || to >= deck.slides.length || from === to) return;
    const slides = [...deck.slides];
    const [m] = slides.splice(from, 1);
    slides.splice(to, 0, m!);
    setDeck({ ...deck, slides });
    setCurrent(to);
    onEdit({ kind: 'deck', order: slides.map((x) => x.id) });
  };

  useEffect(() => {
    thumbRefs.current[current]?.scrollIntoView({ block: 'nearest' });
  }, [current]);

  const onThumbKey = (i: number) => (e: React.KeyboardEvent) => {
    if (e.key !== 'ArrowUp' && e.key !== 'ArrowDown') return;
    e.preventDefault();
    const to = e.key === 'ArrowUp' ? i - 1 : i + 1;
    if (to < 0 || to >= deck.slides.length) return;
    if (e.altKey) move(i, to);
    else setCurrent(to);
    requestAnimationFrame(() => thumbRefs.current[to]?.focus());
  };

  return (
    <>
      <div className={styles.toolbar} role="toolbar" aria-label="Slides">
        <button type="button" className={styles.toolButton} onClick={() => setCurrent((c) => Math.max(0, c - 1))} disabled={current === 0} aria-label="Previous slide">
          ‹ Prev
        </button>
        <span className={styles.zoomLabel} data-testid="slide-position">
          {current + 1} / {deck.slides.length}
        </span>
        <button type="button" className={styles.toolButton} onClick={() => setCurrent((c) => Math.min(deck.slides.length - 1, c + 1))} disabled={current >= deck.slides.length - 1} aria-label="Next slide">
          Next ›
        </button>
        <span className={styles.sep} aria-hidden />
        <button type="button" className={styles.toolButton} onClick={() => move(current, current - 1)} disabled={readOnly || current === 0} aria-label="Move slide up">
          Move up
        </button>
        <button type="button" className={styles.toolButton} onClick={() => move(current, current + 1)} disabled={readOnly || current >= deck.slides.length - 1} aria-label="Move slide down">
          Move down
        </button>
        <span className={styles.sep} aria-hidden />
        <ZoomControl zoom={zoom} setZoom={setZoom} />
      </div>
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
              <button
                type="button"
                ref={(el) => {
                  thumbRefs.current[i] = el;
                }}
                className={styles.thumb}
                aria-current={i === current}
                aria-label={`Slide ${i + 1}: ${sl.title ?? sl.layout}${readOnly ? '' : ' (Alt+↑/↓ to move)'}`}
                onClick={() => setCurrent(i)}
                onKeyDown={onThumbKey(i)}
              >
                <Thumb slide={sl} deck={deck} number={i + 1} />
              </button>
            </li>
          ))}
        </ol>
        <div className={styles.stageCol}>
          <div className={styles.stage} ref={stage} data-testid="slide-stage">
            {slide && (
              <Scaled scale={fit * zoom}>
                <SlideView key={slide.id} slide={slide} theme={deck.theme} number={current + 1} readOnly={readOnly} onPatch={(p) => patch(slide.id, p)} />
              </Scaled>
            )}
          </div>
          {slide && (
            <div className={styles.notes}>
              <label htmlFor="speaker-notes">Speaker notes</label>
              <textarea id="speaker-notes" key={slide.id} defaultValue={slide.notes ?? ''} readOnly={readOnly} onChange={(e) => patch(slide.id, { notes: e.target.value })} />
            </div>
          )}
        </div>
      </div>
    </>
  );
}
