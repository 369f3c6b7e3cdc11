// @vitest-environment happy-dom
// The page view with a different first page: page 1's footer (in the first page-break widget) is the
// first page's own — none when it has none — and page 2's header and every later page the default
// ones; with slots, the first widget holds the editors' elements instead of drawn copies, is not
// hidden from assistive technology as a whole, and events inside the slots are left to them.
import { describe, expect, it } from 'vitest';
import { headerFooterOnPage, textWithFields, type HfDoc } from '@/lib/document/header-footer';
import { gapWidget, inHfSlot, type PageBreak, type PageLayout } from './page-breaks';

const hf = (text: string): HfDoc => ({ type: 'doc', content: [{ type: 'paragraph', content: textWithFields(text) }] });
const brk: PageBreak = { pos: 10, fillPx: 40, explicit: false };
const base: PageLayout = { contentHeightPx: 900, marginPx: 96, gapPx: 18, scale: 1, header: hf('Acme report'), footer: hf('Page {page} of {pages}') };
const text = (el: HTMLElement, part: string) => el.querySelector(`.ds-page-${part}`)!.textContent;

describe('headerFooterOnPage', () => {
  it('page 1 has the first page’s own (none where absent), the others the default ones', () => {
    const layout = { header: 'H', footer: 'F', first: { header: 'FH' } };
    expect(headerFooterOnPage(layout, 1)).toEqual({ header: 'FH' });
    expect(headerFooterOnPage(layout, 2)).toEqual({ header: 'H', footer: 'F' });
    expect(headerFooterOnPage({ header: 'H', footer: 'F' }, 1)).toEqual({ header: 'H', footer: 'F' });
    expect(headerFooterOnPage({ header: 'H', first: {} }, 1)).toEqual({});
  });
});

describe('page-break widgets with a different first page', () => {
  it('without: every widget draws the default footer and header, numbers filled in', () => {
    const w = gapWidget(brk, 1, 3, base);
    expect(text(w, 'foot')).toBe('Page 1 of 3');
    expect(text(w, 'head')).toBe('Acme report');
    expect(w.getAttribute('aria-hidden')).toBe('true');
  });

  it('with: page 1’s footer is the first page’s own (empty when none), page 2 on the default ones', () => {
    const first = { ...base, first: { footer: hf('Cover {page}') } };
    expect(text(gapWidget(brk, 1, 3, first), 'foot')).toBe('Cover 1');
    expect(text(gapWidget(brk, 1, 3, first), 'head')).toBe('Acme report');
    expect(text(gapWidget(brk, 2, 3, first), 'foot')).toBe('Page 2 of 3');
    expect(text(gapWidget(brk, 2, 3, first), 'head')).toBe('Acme report');
    expect(text(gapWidget(brk, 1, 3, { ...base, first: {} }), 'foot')).toBe('');
  });

  it('with slots: the first widget holds them (page 1’s footer, page 2’s header); later widgets draw', () => {
    const foot = document.createElement('div');
    foot.dataset.hfSlot = 'foot';
    const head = document.createElement('div');
    head.dataset.hfSlot = 'head';
    const inner = document.createElement('p');
    foot.appendChild(inner);
    const layout = { ...base, first: { footer: hf('Cover') }, slots: { foot, head } };
    const w = gapWidget(brk, 1, 3, layout);
    expect(w.querySelector('.ds-page-foot')!.firstChild).toBe(foot);
    expect(w.querySelector('.ds-page-head')!.firstChild).toBe(head);
    expect(w.querySelector('.ds-hf')).toBeNull();
    expect(w.hasAttribute('aria-hidden')).toBe(false);
    expect(w.querySelector('.ds-page-rest')!.getAttribute('aria-hidden')).toBe('true');
    // a new first widget takes the same elements (moved, not copied)
    const again = gapWidget({ ...brk, fillPx: 12 }, 1, 3, layout);
    expect(again.querySelector('.ds-page-foot')!.firstChild).toBe(foot);
    expect(w.querySelector('.ds-page-foot')!.firstChild).toBeNull();
    const later = gapWidget(brk, 2, 3, layout);
    expect(text(later, 'foot')).toBe('Page 2 of 3');
    expect(text(later, 'head')).toBe('Acme report');
    expect(inHfSlot({ target: inner } as unknown as Event)).toBe(true);
    expect(inHfSlot({ target: later } as unknown as Event)).toBe(false);
  });
});
