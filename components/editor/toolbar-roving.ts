'use client';
// fortune-sheet's toolbar renders every button with tabIndex=0: some thirty tab stops between the
// page header and the grid. This makes it one toolbar (WAI-ARIA toolbar pattern): one tab stop —
// the button last used, the first one at the start — and Left/Right/Home/End move between its
// buttons. Buttons the grid adds or re-renders later are taken in as they appear.
import { useEffect, type RefObject } from 'react';

const TOOLBAR = '.fortune-toolbar';
/** the toolbar's own controls (buttons, and a dropdown's button and arrow) */
const ITEM = '.fortune-toolbar-button, .fortune-toolbar-combo-button, .fortune-toolbar-combo-arrow';
/** not the items of a dropdown it opens, nor of its overflow popup */
const POPUP = '.fortune-toolbar-combo-popup, .fortune-toolbar-more-container';

function items(bar: HTMLElement): HTMLElement[] {
  return [...bar.querySelectorAll<HTMLElement>(ITEM)].filter((el) => !el.closest(POPUP));
}

/** Keeps exactly one of the toolbar's items in the tab order (the current one). */
function rove(bar: HTMLElement, current?: HTMLElement): void {
  const list = items(bar);
  if (!list.length) return;
  const keep = current && list.includes(current) ? current : (list.find((el) => el.dataset.rovingCurrent === 'true') ?? list[0]!);
  for (const el of list) {
    const isCurrent = el === keep;
    // written only when different: the grid's DOM is large and busy
    if (el.tabIndex !== (isCurrent ? 0 : -1)) el.tabIndex = isCurrent ? 0 : -1;
    if (isCurrent && el.dataset.rovingCurrent !== 'true') el.dataset.rovingCurrent = 'true';
    else if (!isCurrent && el.dataset.rovingCurrent) delete el.dataset.rovingCurrent;
  }
}

export function useToolbarRoving(host: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const root = host.current;
    if (!root) return;
    let bar: HTMLElement | null = null;
    let frame = 0;
    const apply = (current?: HTMLElement) => {
      if (bar) rove(bar, current);
    };
    const onKey = (e: KeyboardEvent) => {
      if (!bar || !(e.target instanceof HTMLElement)) return;
      const list = items(bar);
      const at = list.indexOf(e.target);
      if (at < 0) return;
      let next = -1;
      if (e.key === 'ArrowRight') next = (at + 1) % list.length;
      else if (e.key === 'ArrowLeft') next = (at - 1 + list.length) % list.length;
      else if (e.key === 'Home') next = 0;
      else if (e.key === 'End') next = list.length - 1;
      if (next < 0) return;
      e.preventDefault();
      e.stopPropagation();
      apply(list[next]);
      list[next]!.focus();
    };
    const onFocus = (e: FocusEvent) => {
      if (bar && e.target instanceof HTMLElement && items(bar).includes(e.target)) apply(e.target);
    };
    const attach = () => {
      const found = root.querySelector<HTMLElement>(TOOLBAR);
      if (found === bar) {
        if (bar) apply();
        return;
      }
      bar?.removeEventListener('keydown', onKey, true);
      bar?.removeEventListener('focusin', onFocus);
      bar = found;
      if (!bar) return;
      // (the grid gives it role=toolbar and its label)
      bar.addEventListener('keydown', onKey, true);
      bar.addEventListener('focusin', onFocus);
      apply();
    };
    attach();
    // buttons added or re-rendered by the grid: taken in once per frame
    const observer = new MutationObserver(() => {
      if (!frame) frame = requestAnimationFrame(() => ((frame = 0), attach()));
    });
    observer.observe(root, { childList: true, subtree: true });
    return () => {
      observer.disconnect();
      cancelAnimationFrame(frame);
      bar?.removeEventListener('keydown', onKey, true);
      bar?.removeEventListener('focusin', onFocus);
    };
  }, [host]);
}
