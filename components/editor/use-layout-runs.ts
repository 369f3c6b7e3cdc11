'use client';
// The caret or selection in a layout text of the shown slide — its title, subtitle, a bullet, a
// column heading or bullet, a table cell (the editables marked data-runs-target by slide-view.tsx) —
// followed as it moves, so that the format toolbar and Ctrl+B / I / U format the selected words
// there as they do in a text box (lib/deck/layout-runs.ts). A selection elsewhere (the toolbar, the
// notes) leaves the last one; a caret put in a text box paragraph ends it.
import { useEffect, useState, type RefObject } from 'react';
import type { Run, Slide } from '@/server/documents/deck/schema';
import { runsIn, type RunPatch } from '@/lib/deck/edit-runs';
import { effectiveRuns, formatTextAt, parseTargetKey, targetKey, textAt, type RunsTarget } from '@/lib/deck/layout-runs';
import { selectionOffsets } from './caret';

export interface LayoutSelection {
  slideId: string;
  target: RunsTarget;
  start: number;
  end: number;
  /** the text's size as shown (pt), for the size picker */
  size: number;
}

export interface LayoutRuns {
  /** the layout text being edited, when the toolbar formats it (else a text box or nothing) */
  active: LayoutSelection | null;
  /** the runs the toolbar shows and toggles: those selected, or all of the text at a caret */
  runs: Run[];
  /** the slide change that formats the selection (a caret: the whole text) */
  format: (patch: RunPatch) => (s: Slide) => Slide;
}

export function useLayoutRuns(stage: RefObject<HTMLElement | null>, slide: Slide | undefined, selected: number | null): LayoutRuns {
  const [sel, setSel] = useState<LayoutSelection | null>(null);
  useEffect(() => {
    const onSel = () => {
      const ds = document.getSelection();
      const node = ds?.rangeCount ? ds.getRangeAt(0).startContainer : null;
      const el = node instanceof Element ? node : node?.parentElement;
      if (!el || !stage.current?.contains(el)) return;
      const host = el.closest<HTMLElement>('[data-runs-target]');
      const slideId = el.closest<HTMLElement>('[data-slide-id]')?.dataset.slideId;
      const target = host?.dataset.runsTarget ? parseTargetKey(host.dataset.runsTarget) : null;
      const off = host ? selectionOffsets(host) : null;
      if (!host || !target || !slideId || !off) {
        if (el.closest('[data-para]')) setSel(null);
        return;
      }
      const size = parseFloat(getComputedStyle(host).fontSize) || 18;
      setSel((prev) =>
        prev &&
        prev.slideId === slideId &&
        host.dataset.runsTarget === targetKey(prev.target) &&
        prev.start === off.start &&
        prev.end === off.end &&
        prev.size === size
          ? prev
          : { slideId, target, start: off.start, end: off.end, size },
      );
    };
    document.addEventListener('selectionchange', onSel);
    return () => document.removeEventListener('selectionchange', onSel);
  }, [stage]);
  // the layout text is what the toolbar formats while no element is selected (a cell: its table)
  const active =
    sel &&
    slide &&
    sel.slideId === slide.id &&
    textAt(slide, sel.target) !== undefined &&
    (sel.target.kind === 'cell' ? selected === sel.target.element : selected === null)
      ? sel
      : null;
  const runs = active && slide ? runsIn(effectiveRuns(slide, active.target), active.start, active.end) : [];
  const format = (patch: RunPatch) => (s: Slide) => (active ? formatTextAt(s, active.target, active.start, active.end, patch) : s);
  return { active, runs, format };
}

