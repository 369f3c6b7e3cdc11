// The per-format three-way merges on models (no database): what lands, what conflicts, and that a
// choice settles a conflict.
import { describe, expect, it } from 'vitest';
import { mergeDeckModels } from './merge-deck';
import { mergeDocumentModels } from './merge-document';
import type { Chooser } from './three-way-merge';

const none: Chooser = () => undefined;
const p = (text: string) => ({ type: 'paragraph', content: [{ type: 'text', text }] });
const doc = (...content: object[]) => ({ title: 'T', doc: { type: 'doc', content } });
const text = (el: { paragraphs: Array<{ runs: Array<{ text: string }> }> }) => el.paragraphs.map((x) => x.runs.map((r) => r.text).join('')).join('\n');
const textEl = (t: string, x = 1) => ({ kind: 'text', x, y: 1, w: 4, h: 1, paragraphs: [{ runs: [{ text: t }], level: 0 }], valign: 'top' });
type Slide = Record<string, unknown> & { id: string };
const slide = (id: string, elements: object[], extra: object = {}): Slide => ({ id, layout: 'blank', title: id, elements, ...extra });
const deck = (...slides: Slide[]) => ({ title: 'D', slides });

describe('documents', () => {
  it('paragraphs inserted, deleted and changed on both sides all land', () => {
    const base = doc(p('one'), p('two'), p('three'), p('four'));
    const yours = doc(p('one!'), p('two'), p('three'), p('four'), p('five (yours)'));
    const theirs = doc(p('zero (theirs)'), p('one'), p('two'), p('four'));
    const r = mergeDocumentModels(base, yours, theirs, none);
    expect(r.conflicts).toEqual([]);
    expect((r.value.doc as { content: Array<{ content: Array<{ text: string }> }> }).content.map((b) => b.content[0]!.text)).toEqual(['zero (theirs)', 'one!', 'two', 'four', 'five (yours)']);
  });

  it('the same paragraph: different words merge, marks kept; the same word is a conflict that a choice settles', () => {
    const bold = [{ type: 'bold' }];
    const para = (a: string, b: string) => ({ type: 'paragraph', content: [{ type: 'text', text: `${a} quick brown ` }, { type: 'text', text: `fox ${b}`, marks: bold }] });
    const base = doc(para('The', 'jumps'));
    const r = mergeDocumentModels(base, doc(para('A', 'jumps')), doc(para('The', 'leaps')), none);
    expect(r.conflicts).toEqual([]);
    expect((r.value.doc as { content: object[] }).content[0]).toEqual(para('A', 'leaps'));
    const c = mergeDocumentModels(base, doc(para('One', 'jumps')), doc(para('Two', 'jumps')), none);
    expect(c.conflicts).toEqual([{ target: expect.any(String), label: 'Paragraph 1 (“Two quick brown fox jumps”)', yours: 'One quick brown fox jumps', theirs: 'Two quick brown fox jumps' }]);
    const target = c.conflicts[0]!.target;
    const mine = mergeDocumentModels(base, doc(para('One', 'jumps')), doc(para('Two', 'jumps')), (t) => (t === target ? 'yours' : undefined));
    expect(mine.conflicts).toEqual([]);
    expect((mine.value.doc as { content: object[] }).content[0]).toEqual(para('One', 'jumps'));
  });

  it('the order of keys does not matter (PostgreSQL jsonb reorders them)', () => {
    const heading = (text: string, attrs: object) => ({ type: 'heading', attrs, content: [{ type: 'text', text }] });
    const base = doc(heading('Title', { level: 1, textAlign: null, id: 'h' }), p('one'));
    const yours = doc({ content: [{ text: 'Title', type: 'text' }], type: 'heading', attrs: { textAlign: null, level: 1, id: 'h' } }, p('one!'));
    const theirs = doc(heading('Title', { id: 'h', textAlign: null, level: 1 }), p('one'), p('two'));
    const r = mergeDocumentModels(base, yours, theirs, none);
    expect(r.conflicts).toEqual([]);
    expect((r.value.doc as { content: Array<{ content: Array<{ text: string }> }> }).content.map((b) => b.content[0]!.text)).toEqual(['Title', 'one!', 'two']);
  });

  it('list items changed by each side merge item by item; header and footer are settings', () => {
    const li = (t: string) => ({ type: 'listItem', content: [p(t)] });
    const list = (...xs: string[]) => ({ type: 'bulletList', content: xs.map(li) });
    const r = mergeDocumentModels({ ...doc(list('a', 'b')), footer: 'f' }, { ...doc(list('a1', 'b')), footer: 'f' }, { ...doc(list('a', 'b2')), footer: 'Page {page}', header: 'H' }, none);
    expect(r.conflicts).toEqual([]);
    expect(r.value).toMatchObject({ footer: 'Page {page}', header: 'H', doc: { content: [list('a1', 'b2')] } });
  });
});

describe('decks', () => {
  it('two different elements of one slide (and one element’s position vs its text) both land', () => {
    const base = deck(slide('s1', [textEl('left'), textEl('right', 6)]));
    const yours = deck(slide('s1', [textEl('left (yours)'), textEl('right', 6)]));
    const theirs = deck(slide('s1', [textEl('left'), textEl('right (theirs)', 6)]));
    const r = mergeDeckModels(base, yours, theirs, none);
    expect(r.conflicts).toEqual([]);
    const els = (r.value.slides![0]!.elements as Array<Parameters<typeof text>[0]>).map(text);
    expect(els).toEqual(['left (yours)', 'right (theirs)']);
    const moved = mergeDeckModels(base, deck(slide('s1', [textEl('left', 3), textEl('right', 6)])), theirs, none);
    expect(moved.conflicts).toEqual([]);
    expect(moved.value.slides![0]!.elements).toEqual([textEl('left', 3), textEl('right (theirs)', 6)]);
  });

  it('the same element changed differently is a conflict; slides added, deleted and reordered by either side land', () => {
    const base = deck(slide('s1', [textEl('x')]), slide('s2', []), slide('s3', []));
    const c = mergeDeckModels(base, deck(slide('s1', [textEl('mine')]), slide('s2', []), slide('s3', [])), deck(slide('s1', [textEl('theirs')]), slide('s2', []), slide('s3', [])), none);
    // (the same paragraph of the same element: the conflict names the paragraph)
    expect(c.conflicts).toEqual([{ target: 'slide:s1:elements:0:p0', label: 'Slide 1 (“s1”), element 1, paragraph 1', yours: 'mine', theirs: 'theirs' }]);
    const mine = mergeDeckModels(base, deck(slide('s1', [textEl('mine')]), slide('s2', []), slide('s3', [])), deck(slide('s1', [textEl('theirs')]), slide('s2', []), slide('s3', [])), (t) => (t === c.conflicts[0]!.target ? 'yours' : undefined));
    expect(mine.conflicts).toEqual([]);
    expect(text((mine.value.slides![0]!.elements as Array<Parameters<typeof text>[0]>)[0]!)).toBe('mine');
    const r = mergeDeckModels(
      base,
      deck(slide('s3', []), slide('s1', [textEl('x')]), slide('s2', []), slide('n1', [])), // moved s3 first, added n1
      deck(slide('s1', [textEl('x')]), slide('s2', [], { notes: 'theirs' }), slide('n2', [])), // deleted s3, added n2, notes on s2
      none,
    );
    expect(r.conflicts).toEqual([]);
    // s3: moved by you, deleted by them — deleted; both new slides land (theirs first)
    expect(r.value.slides!.map((s) => s.id)).toEqual(['s1', 's2', 'n2', 'n1']);
    expect(r.value.slides!.find((s) => s.id === 's2')).toMatchObject({ notes: 'theirs' });
    // deleting a slide the other side edited is a conflict, not a silent loss
    const d = mergeDeckModels(base, deck(slide('s2', []), slide('s3', [])), deck(slide('s1', [textEl('edited')]), slide('s2', []), slide('s3', [])), none);
    expect(d.conflicts).toEqual([{ target: 'slide:s1', label: 'Slide 1 (“s1”)', yours: '(slide deleted)', theirs: expect.stringContaining('edited') }]);
  });

  it('run formatting: one side bolds a word, the other fixes a typo in the same paragraph or edits another one: all lands', () => {
    type Run = { text: string; bold?: boolean; italic?: boolean };
    const box = (...paras: Run[][]) => ({ kind: 'text', x: 1, y: 1, w: 6, h: 2, valign: 'top', paragraphs: paras.map((runs) => ({ runs, level: 0 })) });
    const base = deck(slide('s1', [box([{ text: 'Revnue grew 12% in Q3' }], [{ text: 'Costs fell' }])]));
    const yours = deck(slide('s1', [box([{ text: 'Revnue ' }, { text: 'grew 12%', bold: true }, { text: ' in Q3' }], [{ text: 'Costs fell' }])]));
    const theirs = deck(slide('s1', [box([{ text: 'Revenue grew 12% in Q3' }], [{ text: 'Costs fell', italic: true }])]));
    const r = mergeDeckModels(base, yours, theirs, none);
    expect(r.conflicts).toEqual([]);
    const el = (r.value.slides![0]!.elements as Array<{ paragraphs: Array<{ runs: Run[] }> }>)[0]!;
    expect(el.paragraphs[0]!.runs).toEqual([{ text: 'Revenue ' }, { text: 'grew 12%', bold: true }, { text: ' in Q3' }]);
    expect(el.paragraphs[1]!.runs).toEqual([{ text: 'Costs fell', italic: true }]);
    // a paragraph added by one side while the other formats one: both land
    const added = mergeDeckModels(base, yours, deck(slide('s1', [box([{ text: 'Revnue grew 12% in Q3' }], [{ text: 'Costs fell' }], [{ text: 'New' }])])), none);
    expect(added.conflicts).toEqual([]);
    expect((added.value.slides![0]!.elements as Array<{ paragraphs: unknown[] }>)[0]!.paragraphs).toHaveLength(3);
    // the same word formatted differently on both sides: a conflict on that paragraph
    const c = mergeDeckModels(
      base,
      deck(slide('s1', [box([{ text: 'Revnue ' }, { text: 'grew', bold: true }, { text: ' 12% in Q3' }], [{ text: 'Costs fell' }])])),
      deck(slide('s1', [box([{ text: 'Revnue ' }, { text: 'grew', italic: true }, { text: ' 12% in Q3' }], [{ text: 'Costs fell' }])])),
      none,
    );
    expect(c.conflicts.map((x) => x.label)).toEqual(['Slide 1 (“s1”), element 1, paragraph 1']);
  });
});
