'use client';
// Keyboard and assistive-technology access to the canvas grid (fortune-sheet draws cells on a
// canvas; its keyboard focus is a hidden contenteditable at the selected cell):
// - Tab leaves the grid (Shift+Tab goes back) instead of moving the selection right, so the
//   keyboard is never trapped; while a cell is being edited Tab commits it as in Excel.
//   Arrow keys, Enter, F2 and typing are the grid's own.
// - An accessible mirror of the visible range: role=grid / row / columnheader / rowheader /
//   gridcell with aria-rowindex / aria-colindex and the cells' shown text, the active cell marked
//   aria-selected and named by the grid's aria-activedescendant; a polite live region announces
//   the active cell ("B2, 1,200") when the selection moves. The grid's focus element is labelled
//   with the active cell too.
import { useEffect, useId, type RefObject } from 'react';
import { numberToColumn } from '@/lib/workbook/cell-ref';
import gridStyles from './grid.module.css';

export interface GridMirrorData {
  sheetName: string;
  rowCount: number;
  colCount: number;
  /** 0-based indexes of the rows and columns shown */
  rows: number[];
  cols: number[];
  /** the shown text of a cell, by 0-based row and column */
  text: (row: number, col: number) => string;
  active: { row: number; col: number } | null;
}

/** Is the grid editing a cell (its input box is raised above the canvas)? */
function editingCell(host: HTMLElement): boolean {
  const box = host.querySelector<HTMLElement>('.luckysheet-input-box');
  return !!box && box.style.zIndex !== '' && box.style.zIndex !== '-1';
}

/** Tab moves the focus on instead of the selection (capture phase: before the grid's handler). */
export function useGridTabExit(host: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    // Focusing the formula bar opens the selected cell for editing (the grid's behaviour); leaving
    // it with Tab closes the edit again: cancelled when nothing was typed, committed otherwise.
    let fxTextAtFocus: string | null = null;
    const onFocusIn = (e: FocusEvent) => {
      const t = e.target as HTMLElement | null;
      if (t?.classList.contains('fortune-fx-input')) fxTextAtFocus = t.textContent ?? '';
    };
    const closeEdit = (key: 'Escape' | 'Enter') => {
      const input = el.querySelector<HTMLElement>('.luckysheet-cell-input');
      input?.dispatchEvent(new KeyboardEvent('keydown', { key, code: key, keyCode: key === 'Escape' ? 27 : 13, bubbles: true, cancelable: true }));
    };
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.key !== 'Tab' || e.ctrlKey || e.altKey || e.metaKey) return;
      // the grid takes Tab from anything inside it (toolbar, formula bar, cell): only a cell being
      // edited in place keeps it (Escape or Enter end the edit)
      const target = e.target as HTMLElement | null;
      if (target?.classList.contains('luckysheet-cell-input') && editingCell(el)) return;
      if (target?.classList.contains('fortune-fx-input') && editingCell(el)) {
        const key = (target.textContent ?? '') === fxTextAtFocus ? 'Escape' : 'Enter';
        setTimeout(() => closeEdit(key), 0);
      }
      // the browser moves the focus on (default action kept); the grid never sees the key
      e.stopPropagation();
    };
    el.addEventListener('focusin', onFocusIn, true);
    el.addEventListener('keydown', onKeyDown, true);
    return () => {
      el.removeEventListener('focusin', onFocusIn, true);
      el.removeEventListener('keydown', onKeyDown, true);
    };
  }, [host]);
}

/** Labels the grid's focus element with the active cell, so a screen reader names it on focus. */
export function useGridFocusLabel(host: RefObject<HTMLElement | null>, label: string): void {
  useEffect(() => {
    const input = host.current?.querySelector<HTMLElement>('.luckysheet-cell-input');
    if (!input) return;
    input.setAttribute('role', 'textbox');
    input.setAttribute('aria-label', label);
    input.setAttribute('aria-roledescription', 'spreadsheet cell');
  });
}

export function activeCellLabel(m: GridMirrorData | null): string {
  if (!m?.active) return m ? `Sheet ${m.sheetName}` : 'Sheet';
  const addr = `${numberToColumn(m.active.col + 1)}${m.active.row + 1}`;
  const text = m.text(m.active.row, m.active.col);
  return `${addr}, ${text === '' ? 'blank' : text}`;
}

export function GridMirror({ data, onPick }: { data: GridMirrorData | null; onPick: (row: number, col: number) => void }) {
  const base = useId().replace(/:/g, '');
  if (!data) return null;
  const cellId = (r: number, c: number) => `${base}-r${r}c${c}`;
  const active = data.active && data.rows.includes(data.active.row) && data.cols.includes(data.active.col) ? cellId(data.active.row, data.active.col) : undefined;
  return (
    <div className={gridStyles.srOnly} data-testid="grid-mirror">
      <div role="status" aria-live="polite" aria-atomic="true" data-testid="grid-active-cell">
        {activeCellLabel(data)}
      </div>
      <div
        role="grid"
        aria-label={`Sheet ${data.sheetName} (visible cells)`}
        aria-rowcount={data.rowCount + 1}
        aria-colcount={data.colCount + 1}
        aria-readonly="true"
        aria-activedescendant={active}
        tabIndex={-1}
      >
        <div role="row" aria-rowindex={1}>
          <span role="columnheader" aria-colindex={1}>
            {data.sheetName}
          </span>
          {data.cols.map((c) => (
            <span role="columnheader" aria-colindex={c + 2} key={c}>
              {numberToColumn(c + 1)}
            </span>
          ))}
        </div>
        {data.rows.map((r) => (
          <div role="row" aria-rowindex={r + 2} key={r}>
            <span role="rowheader" aria-colindex={1}>
              {r + 1}
            </span>
            {data.cols.map((c) => {
              const selected = data.active?.row === r && data.active.col === c;
              return (
                <span role="gridcell" key={c} id={cellId(r, c)} aria-colindex={c + 2} aria-selected={selected} onClick={() => onPick(r, c)}>
                  {data.text(r, c)}
                </span>
              );
            })}
          </div>
        ))}
      </div>
    </div>
  );
}
