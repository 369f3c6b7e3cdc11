'use client';
// In-page popovers and dialogs of the slide editor (the embed's sandbox blocks prompt/alert/confirm):
// the layout picker of "New slide" and the chart data grid (images: image-dialog.tsx).
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import type { ChartElement, SlideLayout } from '@/server/documents/deck/schema';
import styles from './editor.module.css';
import s from './slides.module.css';

export const LAYOUT_LABELS: Record<SlideLayout, string> = {
  title: 'Title slide',
  'title-bullets': 'Title and bullets',
  'two-column': 'Two columns',
  section: 'Section header',
  chart: 'Chart',
  table: 'Table',
  image: 'Image',
  blank: 'Blank',
  'big-number': 'Big number',
  quote: 'Quote',
};

/** The deck model's layouts (server/documents/deck/schema.ts LAYOUTS: the Record above names each one). */
export const SLIDE_LAYOUTS = Object.keys(LAYOUT_LABELS) as SlideLayout[];

/** Focus the first control on open, Escape closes, focus returns to where it was. */
function useDialogFocus(onClose: () => void) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const back = document.activeElement as HTMLElement | null;
    ref.current?.querySelector<HTMLElement>('[data-autofocus], button, input, select, [role="menuitem"]')?.focus();
    return () => back?.focus?.();
  }, []);
  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      onClose();
    }
    if (e.key === 'Tab' && ref.current) {
      // keep Tab inside the dialog
      const all = [
        ...ref.current.querySelectorAll<HTMLElement>('button, input, select, textarea, [tabindex="0"]'),
      ].filter((x) => !x.hasAttribute('disabled'));
      const first = all[0];
      const last = all[all.length - 1];
      if (e.shiftKey && document.activeElement === first) {
        e.preventDefault();
        last?.focus();
      } else if (!e.shiftKey && document.activeElement === last) {
        e.preventDefault();
        first?.focus();
      }
    }
  };
  return { ref, onKeyDown };
}

export function LayoutMenu({
  layouts,
  onPick,
  onClose,
}: {
  layouts: readonly SlideLayout[];
  onPick: (l: SlideLayout) => void;
  onClose: () => void;
}) {
  const { ref, onKeyDown } = useDialogFocus(onClose);
  useEffect(() => {
    const away = (e: PointerEvent) => {
      if (
        ref.current &&
        !ref.current.contains(e.target as Node) &&
        !(e.target as HTMLElement).closest('[data-layout-button]')
      )
        onClose();
    };
    window.addEventListener('pointerdown', away);
    return () => window.removeEventListener('pointerdown', away);
  }, [onClose, ref]);
  const move = (e: React.KeyboardEvent) => {
    const items = [...(ref.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const i = items.indexOf(document.activeElement as HTMLElement);
    const to =
      e.key === 'ArrowDown'
        ? i + 1
        : e.key === 'ArrowUp'
          ? i - 1
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? items.length - 1
              : null;
    if (to === null) return onKeyDown(e);
    e.preventDefault();
    items[(to + items.length) % items.length]?.focus();
  };
  return (
    <div
      ref={ref}
      className={s.popover}
      role="menu"
      aria-label="Layout of the new slide"
      onKeyDown={move}
      data-testid="layout-menu"
    >
      {layouts.map((l) => (
        <button key={l} type="button" role="menuitem" tabIndex={-1} className={s.menuItem} onClick={() => onPick(l)}>
          <span className={s.layoutIcon} data-layout={l} aria-hidden />
          {LAYOUT_LABELS[l]}
        </button>
      ))}
    </div>
  );
}

function Dialog({
  title,
  onClose,
  children,
  wide,
}: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  wide?: boolean;
}) {
  const { ref, onKeyDown } = useDialogFocus(onClose);
  const id = useId();
  return (
    <div className={s.backdrop} onPointerDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        ref={ref}
        className={`${s.dialog} ${wide ? s.dialogWide : ''}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby={id}
        onKeyDown={onKeyDown}
      >
        <div className={s.dialogHead}>
          <h2 id={id}>{title}</h2>
          <button type="button" className={styles.toolButton} onClick={onClose} aria-label="Close">
            ✕
          </button>
        </div>
        {children}
      </div>
    </div>
  );
}

const CHART_TYPES: Array<ChartElement['chartType']> = ['column', 'bar', 'line', 'area', 'pie', 'doughnut'];

/** The chart's data as a grid of categories × series; every valid change redraws the chart behind the dialog. */
export function ChartDataDialog({
  el,
  onChange,
  onClose,
}: {
  el: ChartElement;
  onChange: (el: ChartElement) => void;
  onClose: () => void;
}) {
  const [cats, setCats] = useState(() => el.categories.map(String));
  const [names, setNames] = useState(() => el.series.map((x) => x.name));
  const [cells, setCells] = useState(() => el.series.map((x) => el.categories.map((_, k) => String(x.values[k] ?? 0))));
  const [meta, setMeta] = useState({
    title: el.title ?? '',
    chartType: el.chartType,
    xAxisTitle: el.xAxisTitle ?? '',
    yAxisTitle: el.yAxisTitle ?? '',
    showLegend: el.showLegend !== false,
  });
  const [error, setError] = useState<string | null>(null);

  const commit = (c = cats, n = names, v = cells, m = meta) => {
    const values = v.map((row) => row.map((x) => (x.trim() === '' ? 0 : Number(x))));
    if (values.some((row) => row.some((x) => !Number.isFinite(x)))) {
      setError('Values must be numbers.');
      return;
    }
    setError(null);
    const { title: _t, xAxisTitle: _x, yAxisTitle: _y, ...rest } = el;
    void _t;
    void _x;
    void _y;
    onChange({
      ...rest,
      chartType: m.chartType,
      showLegend: m.showLegend,
      ...(m.title ? { title: m.title } : {}),
      ...(m.xAxisTitle ? { xAxisTitle: m.xAxisTitle } : {}),
      ...(m.yAxisTitle ? { yAxisTitle: m.yAxisTitle } : {}),
      categories: c.map((x, i) => x || `Category ${i + 1}`),
      series: n.map((name, i) => ({ ...(el.series[i] ?? {}), name: name || `Series ${i + 1}`, values: values[i]! })),
    });
  };
  const setCell = (si: number, ci: number, v: string) => {
    const next = cells.map((row, i) => (i === si ? row.map((x, k) => (k === ci ? v : x)) : row));
    setCells(next);
    commit(cats, names, next);
  };
  return (
    <Dialog title="Chart data" onClose={onClose} wide>
      <div className={s.chartMeta}>
        <label>
          Title{' '}
          <input
            value={meta.title}
            onChange={(e) => {
              const m = { ...meta, title: e.target.value };
              setMeta(m);
              commit(cats, names, cells, m);
            }}
          />
        </label>
        <label>
          Type{' '}
          <select
            value={meta.chartType}
            onChange={(e) => {
              const m = { ...meta, chartType: e.target.value as ChartElement['chartType'] };
              setMeta(m);
              commit(cats, names, cells, m);
            }}
          >
            {(CHART_TYPES.includes(el.chartType) ? CHART_TYPES : [...CHART_TYPES, el.chartType]).map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
        <label>
          Category axis title{' '}
          <input
            value={meta.xAxisTitle}
            onChange={(e) => {
              const m = { ...meta, xAxisTitle: e.target.value };
              setMeta(m);
              commit(cats, names, cells, m);
            }}
          />
        </label>
        <label>
          Value axis title{' '}
          <input
            value={meta.yAxisTitle}
            onChange={(e) => {
              const m = { ...meta, yAxisTitle: e.target.value };
              setMeta(m);
              commit(cats, names, cells, m);
            }}
          />
        </label>
        <label>
          <input
            type="checkbox"
            checked={meta.showLegend}
            onChange={(e) => {
              const m = { ...meta, showLegend: e.target.checked };
              setMeta(m);
              commit(cats, names, cells, m);
            }}
          />{' '}
          Legend
        </label>
      </div>
      <div className={s.gridScroll}>
        <table className={s.dataGrid} data-testid="chart-data-grid">
          <thead>
            <tr>
              <th scope="col">Category</th>
              {names.map((n, si) => (
                <th key={si} scope="col">
                  <input
                    aria-label={`Series ${si + 1} name`}
                    value={n}
                    onChange={(e) => {
                      const next = names.map((x, i) => (i === si ? e.target.value : x));
                      setNames(next);
                      commit(cats, next);
                    }}
                  />
                  {names.length > 1 && (
                    <button
                      type="button"
                      className={s.miniButton}
                      aria-label={`Remove series ${n || si + 1}`}
                      onClick={() => {
                        const n2 = names.filter((_, i) => i !== si);
                        const v2 = cells.filter((_, i) => i !== si);
                        setNames(n2);
                        setCells(v2);
                        commit(cats, n2, v2);
                      }}
                    >
                      ✕
                    </button>
                  )}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {cats.map((c, ci) => (
              <tr key={ci}>
                <th scope="row">
                  <input
                    aria-label={`Category ${ci + 1}`}
                    value={c}
                    onChange={(e) => {
                      const next = cats.map((x, i) => (i === ci ? e.target.value : x));
                      setCats(next);
                      commit(next);
                    }}
                  />
                  {cats.length > 1 && (
                    <button
                      type="button"
                      className={s.miniButton}
                      aria-label={`Remove category ${c || ci + 1}`}
                      onClick={() => {
                        const c2 = cats.filter((_, i) => i !== ci);
                        const v2 = cells.map((row) => row.filter((_, i) => i !== ci));
                        setCats(c2);
                        setCells(v2);
                        commit(c2, names, v2);
                      }}
                    >
                      ✕
                    </button>
                  )}
                </th>
                {names.map((n, si) => (
                  <td key={si}>
                    <input
                      inputMode="decimal"
                      aria-label={`${n || `Series ${si + 1}`}, ${c || `category ${ci + 1}`}`}
                      aria-invalid={!Number.isFinite(Number(cells[si]![ci]))}
                      value={cells[si]![ci]}
                      onChange={(e) => setCell(si, ci, e.target.value)}
                    />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {error && (
        <p role="alert" className={s.dialogError}>
          {error}
        </p>
      )}
      <div className={s.dialogActions}>
        <button
          type="button"
          className={styles.toolButton}
          disabled={cats.length >= 50}
          onClick={() => {
            const c2 = [...cats, `Category ${cats.length + 1}`];
            const v2 = cells.map((row) => [...row, '0']);
            setCats(c2);
            setCells(v2);
            commit(c2, names, v2);
          }}
        >
          Add category
        </button>
        <button
          type="button"
          className={styles.toolButton}
          disabled={names.length >= 12}
          onClick={() => {
            const n2 = [...names, `Series ${names.length + 1}`];
            const v2 = [...cells, cats.map(() => '0')];
            setNames(n2);
            setCells(v2);
            commit(cats, n2, v2);
          }}
        >
          Add series
        </button>
        <span className={s.grow} />
        <button type="button" className={styles.button} onClick={onClose}>
          Done
        </button>
      </div>
    </Dialog>
  );
}
