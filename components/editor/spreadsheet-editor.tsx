'use client';
// Spreadsheet editing surface: fortune-sheet (canvas grid with sheet tabs, zoom, formula bar and a
// full formula engine) behind our own component, so the grid can be swapped without touching the
// rest. Edits are sent as cell-level changes (value / formula) — never the whole workbook.
import '@fortune-sheet/react/dist/index.css';
import { Workbook as FortuneWorkbook, type WorkbookInstance } from '@fortune-sheet/react';
import { locale, type Op } from '@fortune-sheet/core';
import { setAutoFreeze } from 'immer';
import { useCallback, useMemo, useRef } from 'react';
import { changeFor, fontFamily, workbookToFortune, type CellChangeOut } from './workbook-to-fortune';
import type { EditorDocument, EditorEdit } from './editor-types';
import styles from './editor.module.css';

type ExcelDoc = Extract<EditorDocument, { format: 'excel' }>;

// fortune-sheet keeps its state with immer, which by default deep-freezes every new state: on a
// 100k-cell sheet that freeze alone costs most of the first render. Nothing here relies on it.
setAutoFreeze(false);

const NO_SHEET_CHANGES = () => false;

export function SpreadsheetEditor({ doc, readOnly, onEdit }: { doc: ExcelDoc; readOnly: boolean; onEdit: (e: EditorEdit) => void }) {
  const ref = useRef<WorkbookInstance>(null);
  const fw = useMemo(() => {
    // A cell without a font (one the person types into) is drawn in the locale's first font, Times
    // New Roman; make that the workbook's default font, as Excel would.
    locale({ lang: 'en' } as Parameters<typeof locale>[0]).fontarray[0] = fontFamily(doc.model.defaultFont.name);
    return workbookToFortune(doc.model, doc.formula_values);
  }, [doc]);
  const dirty = useRef(new Map<string, Set<string> | 'all'>());
  const scheduled = useRef(false);

  const collect = useCallback(() => {
    scheduled.current = false;
    const api = ref.current;
    if (!api) return;
    const sheets = api.getAllSheets();
    const changes: CellChangeOut[] = [];
    for (const [id, cells] of dirty.current) {
      const sheet = sheets.find((s) => s.id === id);
      const name = fw.names.get(id);
      const base = fw.baseline(id);
      if (!sheet?.data || !name || !base) continue;
      const visit = (r: number, c: number) => {
        const ch = changeFor(name, r, c, sheet.data?.[r]?.[c], base);
        if (ch) changes.push(ch);
      };
      if (cells === 'all') {
        const seen = new Set<string>(base.keys());
        sheet.data.forEach((row, r) => row.forEach((cell, c) => cell && seen.add(`${r},${c}`)));
        for (const k of seen) {
          const [r, c] = k.split(',').map(Number) as [number, number];
          visit(r, c);
        }
      } else for (const k of cells) visit(...(k.split(',').map(Number) as [number, number]));
    }
    dirty.current.clear();
    if (changes.length) onEdit({ kind: 'cells', changes });
  }, [fw, onEdit]);

  const onOp = useCallback(
    (ops: Op[]) => {
      for (const op of ops) {
        if (op.path[0] !== 'data' || !op.id) continue;
        const r = op.path[1];
        const c = op.path[2];
        const prev = dirty.current.get(op.id);
        if (typeof r === 'number' && typeof c === 'number') {
          if (prev === 'all') continue;
          const set = prev ?? new Set<string>();
          set.add(`${r},${c}`);
          dirty.current.set(op.id, set);
        } else dirty.current.set(op.id, 'all');
      }
      if (!scheduled.current && dirty.current.size) {
        scheduled.current = true;
        setTimeout(collect, 0);
      }
    },
    [collect],
  );

  return (
    <div className={styles.sheetHost} data-testid="spreadsheet-editor">
      <FortuneWorkbook
        ref={ref}
        data={fw.sheets}
        onOp={readOnly ? undefined : onOp}
        allowEdit={!readOnly}
        showToolbar={!readOnly}
        toolbarItems={['undo', 'redo', '|', 'search']}
        cellContextMenu={readOnly ? [] : ['copy', 'paste', '|', 'clear']}
        headerContextMenu={[]}
        sheetTabContextMenu={[]}
        showFormulaBar
        showSheetTabs
        lang="en"
        defaultFontSize={11}
        hooks={{ beforeAddSheet: NO_SHEET_CHANGES, beforeDeleteSheet: NO_SHEET_CHANGES, beforeUpdateSheetName: NO_SHEET_CHANGES }}
      />
    </div>
  );
}
