// Header/footer edits from the document editor: formatted ones are validated by the edit schema,
// stored formatted (or as text when they say no more), removed when empty; the three-way merge
// still takes header and footer key by key (one side's formatted footer, the other's header).
import { describe, expect, it } from 'vitest';
import { applyDocumentEdit } from './apply-document-edit';
import { mergeDocumentModels } from './merge-document';
import { documentEditSchema } from './schemas';
import type { Chooser } from './three-way-merge';

const body = { type: 'doc' as const, content: [{ type: 'paragraph' as const, content: [{ type: 'text' as const, text: 'Body' }] }] };
const stored = { title: 'T', header: 'Old header', footer: 'Page {page}', doc: body };
const centredFooter = {
  type: 'doc' as const,
  content: [
    {
      type: 'paragraph' as const,
      attrs: { textAlign: 'center' as const },
      content: [
        { type: 'text' as const, text: 'Page ', marks: [{ type: 'bold' as const }] },
        { type: 'field' as const, attrs: { kind: 'page' as const } },
        { type: 'text' as const, text: ' of ' },
        { type: 'field' as const, attrs: { kind: 'pages' as const } },
      ],
    },
  ],
};

describe('document edits with formatted headers and footers', () => {
  it('stores a formatted footer, keeps what the edit leaves out, removes an emptied header', () => {
    const edit = documentEditSchema.parse({ kind: 'document', doc: body, footer: centredFooter, header: { type: 'doc', content: [{ type: 'paragraph', attrs: { textAlign: null } }] } });
    const next = applyDocumentEdit(stored, edit);
    expect(next.footer).toEqual(centredFooter);
    expect(next.header).toBeUndefined();
    expect(next.title).toBe('T');
    // absent: kept
    expect(applyDocumentEdit(stored, documentEditSchema.parse({ kind: 'document', doc: body })).header).toBe('Old header');
  });

  it('a formatted header in the plain look is stored as its text', () => {
    const plain = { type: 'doc', content: [{ type: 'paragraph', attrs: { textAlign: 'right' }, content: [{ type: 'text', text: 'Acme ', marks: [{ type: 'textStyle', attrs: { color: '#7f7f7f', fontSize: 9 } }] }, { type: 'field', attrs: { kind: 'page' }, marks: [{ type: 'textStyle', attrs: { color: '#7F7F7F', fontSize: 9 } }] }] }] };
    expect(applyDocumentEdit(stored, documentEditSchema.parse({ kind: 'document', doc: body, header: plain })).header).toBe('Acme {page}');
  });

  it('the edit schema refuses a header with an unknown node or mark', () => {
    const bad = (content: unknown[]) => documentEditSchema.safeParse({ kind: 'document', doc: body, header: { type: 'doc', content: [{ type: 'paragraph', content }] } }).success;
    expect(bad([{ type: 'image', attrs: { src: 'x' } }])).toBe(false);
    expect(bad([{ type: 'text', text: 'x', marks: [{ type: 'link', attrs: { href: 'x' } }] }])).toBe(false);
    expect(bad([{ type: 'text', text: 'x', marks: [{ type: 'italic' }] }])).toBe(true);
  });

  it('merge: one side formats the footer, the other changes the header and the body — all land; both changing the footer is a conflict', () => {
    const none: Chooser = () => undefined;
    const base = { ...stored };
    const yours = { ...stored, footer: centredFooter };
    const theirs = { ...stored, header: 'New header', doc: { type: 'doc', content: [...body.content, { type: 'paragraph', content: [{ type: 'text', text: 'Added' }] }] } };
    const r = mergeDocumentModels(base, yours, theirs, none);
    expect(r.conflicts).toEqual([]);
    expect(r.value).toMatchObject({ footer: centredFooter, header: 'New header' });
    expect((r.value.doc as { content: unknown[] }).content).toHaveLength(2);
    const c = mergeDocumentModels(base, yours, { ...stored, footer: 'Page {page} of {pages}' }, none);
    expect(c.conflicts.map((x) => [x.target, x.label])).toEqual([['setting:footer', 'Footer']]);
    // the first page's own header/footer: kept by a body edit, a setting of its own in the merge
    const withFirst = { ...stored, firstPage: { footer: 'Cover' } };
    expect(applyDocumentEdit(withFirst, documentEditSchema.parse({ kind: 'document', doc: body, footer: centredFooter })).firstPage).toEqual({ footer: 'Cover' });
    const f = mergeDocumentModels(withFirst, { ...withFirst, firstPage: { footer: 'Mine' } }, { ...withFirst, firstPage: {} }, none);
    expect(f.conflicts.map((x) => x.label)).toEqual(['First-page header and footer']);
  });
});
