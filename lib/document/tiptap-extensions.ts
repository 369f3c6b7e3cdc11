/**
 * The tiptap extensions that define the document model's schema. The editor must use the same
 * list (import it from here) so that what the editor saves is what the renderer understands.
 * All @tiptap/* packages are pinned to 3.32.2.
 */
import { Mark, Node, mergeAttributes, type AnyExtension } from '@tiptap/core';
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

export function documentExtensions(): AnyExtension[] {
  return [
    StarterKit.configure({ undoRedo: false, dropcursor: false, gapcursor: false, trailingNode: false, link: { openOnClick: false } }),
    TableKit.configure({ table: { resizable: false } }),
    Image.configure({ allowBase64: true, inline: false }),
    PageBreak,
    TableOfContents,
    TextStyle,
  ];
}
