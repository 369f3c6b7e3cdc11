// Markdown ⇄ tiptap for the Word features: line breaks, footnotes, table column alignment.
import { describe, expect, it } from 'vitest';
import { extractFootnotes, markdownToNodes, nodesToMarkdown, numericColumns } from './document-markdown';

describe('markdown line breaks', () => {
  it('a single newline is a hardBreak, a blank line a new paragraph', () => {
    const nodes = markdownToNodes('Acme Ltd\n1 High Street\n\nDear reader,');
    expect(nodes).toEqual([
      { type: 'paragraph', content: [{ type: 'text', text: 'Acme Ltd' }, { type: 'hardBreak' }, { type: 'text', text: '1 High Street' }] },
      { type: 'paragraph', content: [{ type: 'text', text: 'Dear reader,' }] },
    ]);
    expect(nodesToMarkdown(nodes)).toBe('Acme Ltd\n1 High Street\n\nDear reader,');
  });

  it('<br> breaks a line in a table cell, and comes back as <br>', () => {
    const nodes = markdownToNodes('| a | b |\n| --- | --- |\n| one<br>two | x |');
    expect(nodes[0]!.content![1]!.content![0]!.content![0]!.content).toEqual([{ type: 'text', text: 'one' }, { type: 'hardBreak' }, { type: 'text', text: 'two' }]);
    expect(nodesToMarkdown(nodes)).toContain('| one<br>two | x |');
  });

  it('quote lines keep their breaks', () => {
    const nodes = markdownToNodes('> first\n> second');
    expect(nodes[0]!.content![0]!.content!.map((n) => n.type)).toEqual(['text', 'hardBreak', 'text']);
    expect(nodesToMarkdown(nodes)).toBe('> first\n> second');
  });
});

describe('markdown footnotes', () => {
  it('[^x] references take the text of their "[^x]: …" definitions, which leave the body', () => {
    const nodes = markdownToNodes('Sales rose.[^1] Costs fell.[^src]\n\n[^1]: Ledger, Q3.\n[^src]: Audit\n  report 2026.');
    expect(nodes).toEqual([
      {
        type: 'paragraph',
        content: [
          { type: 'text', text: 'Sales rose.' },
          { type: 'footnote', attrs: { text: 'Ledger, Q3.' } },
          { type: 'text', text: ' Costs fell.' },
          { type: 'footnote', attrs: { text: 'Audit report 2026.' } },
        ],
      },
    ]);
    expect(nodesToMarkdown(nodes)).toBe('Sales rose.[^1] Costs fell.[^2]\n\n[^1]: Ledger, Q3.\n[^2]: Audit report 2026.');
  });

  it('a reference without a definition stays text and is reported missing', () => {
    expect(extractFootnotes('See [^9].').missing).toEqual(['9']);
    expect(markdownToNodes('See [^9].')).toEqual([{ type: 'paragraph', content: [{ type: 'text', text: 'See [^9].' }] }]);
  });

  it('footnotes in table cells and list items', () => {
    const nodes = markdownToNodes('- item[^a]\n\n| x |\n| --- |\n| y[^a] |\n\n[^a]: Note.');
    expect(nodes[0]!.content![0]!.content![0]!.content![1]).toEqual({ type: 'footnote', attrs: { text: 'Note.' } });
    expect(nodes[1]!.content![1]!.content![0]!.content![0]!.content![1]).toEqual({ type: 'footnote', attrs: { text: 'Note.' } });
  });
});

describe('markdown table alignment', () => {
  it('number columns are right-aligned; the separator row can say otherwise', () => {
    const nodes = markdownToNodes('| Region | Sales | Code |\n| --- | :---: | --- |\n| North | 1,200 | 7 |\n| South | (300) | — |');
    const header = nodes[0]!.content![0]!.content!;
    expect(header.map((c) => c.attrs?.align ?? null)).toEqual([null, 'center', 'right']);
    expect(nodes[0]!.content![1]!.content!.map((c) => c.attrs?.align ?? null)).toEqual([null, 'center', 'right']);
    expect(nodesToMarkdown(nodes).split('\n')[1]).toBe('| --- | :---: | ---: |');
  });

  it('numericColumns: amounts, percentages and dashes are numbers; words are not', () => {
    expect(numericColumns([['North', '$1.2m', '12%', '-', '2026-Q3'], ['South', '€900', '−3.5%', '4', 'n/a']])).toEqual([false, true, true, true, false]);
  });
});
