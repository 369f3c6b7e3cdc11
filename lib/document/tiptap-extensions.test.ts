// The editor loads the model into a ProseMirror schema built from these extensions and saves
// getJSON(): a node or attribute the schema does not know is dropped on save. These tests pass the
// Word features through that schema (and through HTML, as paste and the .docx import do).
import { describe, expect, it } from 'vitest';
import { getSchema } from '@tiptap/core';
import { Node as PMNode } from '@tiptap/pm/model';
import { generateHTML, generateJSON } from '@tiptap/html/server';
import { documentExtensions } from './tiptap-extensions';

interface Json {
  type: string;
  attrs?: Record<string, unknown>;
  content?: Json[];
  text?: string;
}

const doc: Json = {
  type: 'doc',
  content: [
    { type: 'paragraph', attrs: { kind: 'title', textAlign: null }, content: [{ type: 'text', text: 'Quarterly review' }] },
    { type: 'paragraph', attrs: { kind: null, textAlign: 'right' }, content: [{ type: 'text', text: 'line one' }, { type: 'hardBreak' }, { type: 'text', text: 'line two' }, { type: 'footnote', attrs: { text: 'Source: ledger.' } }] },
    {
      type: 'table',
      attrs: { tableStyle: 'striped', repeatHeader: true, cantSplit: false },
      content: [
        {
          type: 'tableRow',
          content: [
            { type: 'tableHeader', attrs: { colspan: 1, rowspan: 1, colwidth: [300] }, content: [{ type: 'paragraph', attrs: { kind: null, textAlign: null }, content: [{ type: 'text', text: 'Region' }] }] },
            { type: 'tableHeader', attrs: { colspan: 1, rowspan: 1, colwidth: [120], align: 'right' }, content: [{ type: 'paragraph', attrs: { kind: null, textAlign: null }, content: [{ type: 'text', text: 'Sales' }] }] },
          ],
        },
      ],
    },
  ],
};

describe('document extensions keep the Word features', () => {
  const schema = getSchema(documentExtensions());

  it('a loaded and re-saved document keeps footnotes, breaks, alignment, title paragraphs and table options', () => {
    const saved = PMNode.fromJSON(schema, doc).toJSON() as Json;
    expect(saved.content![0]!.attrs).toMatchObject({ kind: 'title' });
    expect(saved.content![1]!.attrs).toMatchObject({ textAlign: 'right' });
    expect(saved.content![1]!.content!.map((n) => n.type)).toEqual(['text', 'hardBreak', 'text', 'footnote']);
    expect(saved.content![1]!.content![3]).toEqual({ type: 'footnote', attrs: { text: 'Source: ledger.' } });
    expect(saved.content![2]!.attrs).toEqual({ tableStyle: 'striped', repeatHeader: true, cantSplit: false });
    expect(saved.content![2]!.content![0]!.content![1]!.attrs).toMatchObject({ colwidth: [120], align: 'right' });
  });

  it('the same survives HTML (paste, import)', () => {
    const html = generateHTML(doc, documentExtensions());
    expect(html).toContain('data-type="footnote"');
    const back = generateJSON(html, documentExtensions()) as Json;
    expect(back.content![0]!.attrs).toMatchObject({ kind: 'title' });
    expect(back.content![1]!.attrs).toMatchObject({ textAlign: 'right' });
    expect(back.content![1]!.content![3]).toEqual({ type: 'footnote', attrs: { text: 'Source: ledger.' } });
    expect(back.content![2]!.attrs).toEqual({ tableStyle: 'striped', repeatHeader: true, cantSplit: false });
    expect(back.content![2]!.content![0]!.content![1]!.attrs).toMatchObject({ colwidth: [120], align: 'right' });
  });

  it('a table without options gets the defaults: header repeated, rows kept together', () => {
    const saved = PMNode.fromJSON(schema, { type: 'doc', content: [{ type: 'table', content: [{ type: 'tableRow', content: [{ type: 'tableCell', content: [{ type: 'paragraph' }] }] }] }] }).toJSON() as Json;
    expect(saved.content![0]!.attrs).toEqual({ tableStyle: null, repeatHeader: true, cantSplit: true });
  });
});
