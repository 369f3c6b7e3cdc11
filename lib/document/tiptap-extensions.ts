/**
 * The tiptap extensions that define the document model's schema. The editor must use the same
 * list (import it from here) so that what the editor saves is what the renderer understands.
 * All @tiptap/* packages are pinned to 3.32.2.
 */
import { Extension, Mark, Node, mergeAttributes, type AnyExtension } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import { TableKit } from '@tiptap/extension-table';
import Image from '@tiptap/extension-image';

/** A hard page break (a block atom). HTML: <div data-type="page-break">. */
export const PageBreak = Node.create({
  name: 'pageBreak',
  group: 'block',
  atom: true,
  selectable: true,
  parseHTML() {
    return [{ tag: 'div[data-type="page-break"]' }, { tag: 'hr[data-type="page-break"]' }];
  },
  renderHTML({ HTMLAttributes }) {
    return ['div', mergeAttributes(HTMLAttributes, { 'data-type': 'page-break', style: 'page-break-after: always' })];
  },
});

/** A table of contents built from the headings (a block atom). HTML: <div data-type="table-of-contents">. */
export const TableOfContents = Node.create({
  name: 'tableOfContents',
  group: 'block',
  atom: true,
  addAttributes() {
    return {
      title: { default: 'Contents', parseHTML: (el) => el.getAttribute('data-title') ?? 'Contents', renderHTML: (a: Record<string, unknown>) => ({ 'data-title': a.title }) },
      maxLevel: {
        default: 3,
        parseHTML: (el) => Number(el.getAttribute('data-max-level') ?? 3),
        renderHTML: (a: Record<string, unknown>) => ({ 'data-max-level': a.maxLevel }),
      },
    };
  },
  parseHTML() {
    return [{ tag: 'div[data-type="table-of-contents"]' }];
  },
  renderHTML({ HTMLAttributes }) {
    return ['div', mergeAttributes(HTMLAttributes, { 'data-type': 'table-of-contents' })];
  },
});

/** Text colour: <span style="color: #RRGGBB">. */
export const TextStyle = Mark.create({
  name: 'textStyle',
  addAttributes() {
    return {
      color: {
        default: null,
        parseHTML: (el) => el.style?.color || null,
        renderHTML: (a) => (a.color ? { style: `color: ${a.color}` } : {}),
      },
    };
  },
  parseHTML() {
    return [{ tag: 'span', getAttrs: (el) => (el.style?.color ? {} : false) }];
  },
  renderHTML({ HTMLAttributes }) {
    return ['span', mergeAttributes(HTMLAttributes), 0];
  },
});

/**
 * A footnote: an inline atom holding the note's text (Word numbers footnotes itself; the editor
 * numbers them with a CSS counter). HTML: <sup data-type="footnote" data-text="…">.
 */
export const Footnote = Node.create({
  name: 'footnote',
  group: 'inline',
  inline: true,
  atom: true,
  selectable: true,
  addAttributes() {
    return {
      text: { default: '', parseHTML: (el) => el.getAttribute('data-text') ?? '', renderHTML: (a: Record<string, unknown>) => ({ 'data-text': a.text, title: a.text }) },
    };
  },
  parseHTML() {
    return [{ tag: 'sup[data-type="footnote"]' }];
  },
  renderHTML({ HTMLAttributes }) {
    return ['sup', mergeAttributes(HTMLAttributes, { 'data-type': 'footnote' })];
  },
});

const ALIGNS = ['left', 'center', 'right', 'justify'];

/**
 * Attributes the renderer understands on StarterKit / TableKit nodes: paragraph and heading
 * alignment, title / subtitle paragraphs, and the table's look and page behaviour.
 */
export const DocumentAttributes = Extension.create({
  name: 'documentAttributes',
  addGlobalAttributes() {
    return [
      {
        types: ['paragraph', 'heading'],
        attributes: {
          textAlign: {
            default: null,
            parseHTML: (el) => (ALIGNS.includes(el.style?.textAlign) ? el.style.textAlign : null),
            renderHTML: (a) => (a.textAlign ? { style: `text-align: ${a.textAlign}` } : {}),
          },
        },
      },
      {
        types: ['paragraph'],
        attributes: {
          kind: {
            default: null,
            parseHTML: (el) => (el.classList?.contains('ds-title') ? 'title' : el.classList?.contains('ds-subtitle') ? 'subtitle' : null),
            renderHTML: (a) => (a.kind ? { class: `ds-${a.kind}` } : {}),
          },
        },
      },
      {
        types: ['table'],
        attributes: {
          tableStyle: {
            default: null,
            parseHTML: (el) => el.getAttribute('data-table-style'),
            renderHTML: (a) => (typeof a.tableStyle === 'string' ? { 'data-table-style': a.tableStyle } : {}),
          },
          repeatHeader: {
            default: true,
            parseHTML: (el) => el.getAttribute('data-repeat-header') !== 'false',
            renderHTML: (a) => (a.repeatHeader === false ? { 'data-repeat-header': 'false' } : {}),
          },
          cantSplit: {
            default: true,
            parseHTML: (el) => el.getAttribute('data-cant-split') !== 'false',
            renderHTML: (a) => (a.cantSplit === false ? { 'data-cant-split': 'false' } : {}),
          },
        },
      },
    ];
  },
});

/**
 * `resizableTables` (the editor): column borders can be dragged; the widths land in the cells'
 * colwidth (px), which the renderer writes as the Word column widths. The schema is the same.
 */
export function documentExtensions(opts: { resizableTables?: boolean } = {}): AnyExtension[] {
  return [
    StarterKit.configure({ undoRedo: false, dropcursor: false, gapcursor: false, trailingNode: false, link: { openOnClick: false } }),
    TableKit.configure({ table: { resizable: opts.resizableTables ?? false, ...(opts.resizableTables ? { cellMinWidth: 40, lastColumnResizable: false } : {}) } }),
    Image.configure({ allowBase64: true, inline: false }),
    PageBreak,
    TableOfContents,
    TextStyle,
    Footnote,
    DocumentAttributes,
  ];
}
