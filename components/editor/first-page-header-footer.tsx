'use client';
// "Different first page" in the document editor's page view (Word's w:titlePg): page 1 has its own
// header and footer, edited in place — the header in the sheet's top margin, the footer in page 1's
// bottom margin (the first page-break widget, through a slot element the page view moves into each
// new first widget, or the sheet's bottom margin when there is one page) — and the other pages the
// default ones (page 2's header in the first widget, the last page's footer in the sheet's bottom
// margin). The toolbar's checkbox turns it on (nothing typed: an empty first-page header/footer)
// or off (the first page's own are dropped); the edit carries `firstPage` once changed here.
import { useEffect, useMemo, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { isEmptyHeaderFooter, simplifyHeaderFooter, toHfDoc, type HeaderFooter, type HfDoc, type HfKind } from '@/lib/document/header-footer';
import { HeaderFooterEditor, type DifferentFirstPage } from './header-footer-editor';
import type { PageLayout } from './page-breaks';
import pageStyles from './document.module.css';

type FirstPageEdit = { header: HeaderFooter; footer: HeaderFooter } | null;

export interface FirstPage {
  on: boolean;
  header: HfDoc;
  footer: HfDoc;
  /** the toolbar checkbox */
  toggle: DifferentFirstPage;
  change: (which: HfKind, value: HfDoc) => void;
  /** what the page view draws or holds for page 1 (PageLayout's `first` and `slots`) */
  layout: Pick<PageLayout, 'first' | 'slots'>;
  /** the edit's part: nothing until changed here, then null (off) or the first page's header/footer ("" when empty) */
  editPart: () => { firstPage?: FirstPageEdit };
}

function slotElement(which: 'foot' | 'head'): HTMLElement {
  const d = document.createElement('div');
  d.dataset.hfSlot = which;
  d.className = `${pageStyles.slot ?? ''} ${(which === 'foot' ? pageStyles.slotFoot : pageStyles.slotHead) ?? ''}`;
  return d;
}

const clamp = (v: HfDoc): HfDoc => ({ type: 'doc', content: v.content.slice(0, 20) });

const editValue = (s: { on: boolean; header: HfDoc; footer: HfDoc }): FirstPageEdit =>
  s.on ? { header: simplifyHeaderFooter(s.header, 'header') ?? '', footer: simplifyHeaderFooter(s.footer, 'footer') ?? '' } : null;

/** The first page's state; `onChanged` sends an edit (called after each change). */
export function useFirstPage(stored: { header?: HeaderFooter; footer?: HeaderFooter } | undefined, onChanged: () => void): FirstPage {
  const [on, setOn] = useState(stored !== undefined);
  const [header, setHeader] = useState<HfDoc>(() => toHfDoc(stored?.header, 'header'));
  const [footer, setFooter] = useState<HfDoc>(() => toHfDoc(stored?.footer, 'footer'));
  // kept by reference: the page view moves them into each new first widget
  const [slots] = useState(() => (typeof document === 'undefined' ? undefined : { foot: slotElement('foot'), head: slotElement('head') }));
  const changedRef = useRef(onChanged);
  useEffect(() => {
    changedRef.current = onChanged;
  }, [onChanged]);
  // a newer version's first page replaces the one shown (as the default header/footer do)
  const [storedOf, setStoredOf] = useState(stored);
  if (storedOf !== stored) {
    setStoredOf(stored);
    if (JSON.stringify(storedOf ?? null) !== JSON.stringify(stored ?? null)) {
      setOn(stored !== undefined);
      setHeader(toHfDoc(stored?.header, 'header'));
      setFooter(toHfDoc(stored?.footer, 'footer'));
    }
  }
  const sent = useRef<{ value: FirstPageEdit; changed: boolean }>({ value: null, changed: false });
  const current = useRef({ on, header, footer });
  useEffect(() => {
    current.current = { on, header, footer };
    // once changed here, every edit carries what is shown
    if (sent.current.changed) sent.current.value = editValue(current.current);
  }, [on, header, footer]);
  const send = (next: { on: boolean; header: HfDoc; footer: HfDoc }) => {
    current.current = next;
    sent.current = { value: editValue(next), changed: true };
    changedRef.current();
  };
  const layout = useMemo<FirstPage['layout']>(
    () => (on ? { first: { ...(isEmptyHeaderFooter(header) ? {} : { header }), ...(isEmptyHeaderFooter(footer) ? {} : { footer }) }, ...(slots ? { slots } : {}) } : {}),
    [on, header, footer, slots],
  );
  return {
    on,
    header,
    footer,
    toggle: {
      on,
      set: (value: boolean) => {
        setOn(value);
        send({ ...current.current, on: value });
      },
    },
    change: (which, value) => {
      const v = clamp(value);
      if (which === 'header') setHeader(v);
      else setFooter(v);
      send({ ...current.current, [which]: v });
    },
    layout,
    editPart: () => (sent.current.changed ? { firstPage: sent.current.value } : {}),
  };
}

/**
 * The editors the first page-break widget holds when the first page is different: page 1's own
 * footer and page 2's header (the default one). Nothing with one page (no widget).
 */
export function FirstPageSlots({
  first,
  pages,
  readOnly,
  header,
  onHeader,
}: {
  first: FirstPage;
  pages: number;
  readOnly: boolean;
  /** the default header as edited */
  header: HfDoc;
  onHeader: (value: HfDoc) => void;
}) {
  const slots = first.layout.slots;
  if (!first.on || !slots || pages < 2) return null;
  return (
    <>
      {createPortal(
        <HeaderFooterEditor key="first-footer" kind="footer" variant="first" differentFirst={first.toggle} initial={first.footer} readOnly={readOnly} page={1} pages={pages} onChange={(v) => first.change('footer', v)} />,
        slots.foot,
      )}
      {createPortal(<HeaderFooterEditor key="others-header" kind="header" variant="others" differentFirst={first.toggle} initial={header} readOnly={readOnly} page={2} pages={pages} onChange={onHeader} />, slots.head)}
    </>
  );
}
