// The tiptap schema of the header/footer editors — exactly the formatted header/footer of the
// document model (lib/document/header-footer.ts): paragraphs with an alignment, text with bold /
// italic / underline / strike and a textStyle mark (colour, size in points), line breaks, and page
// fields shown as chips. "{page}" / "{pages}" typed or pasted as text become fields.
import { Mark, Node, Extension, mergeAttributes, type AnyExtension } from '@tiptap/core';
import Document from '@tiptap/extension-document';
import Paragraph from '@tiptap/extension-paragraph';
import Text from '@tiptap/extension-text';
import Bold from '@tiptap/extension-bold';
import Italic from '@tiptap/extension-italic';
import Underline from '@tiptap/extension-underline';
import Strike from '@tiptap/extension-strike';
import HardBreak from '@tiptap/extension-hard-break';
import { UndoRedo } from '@tiptap/extensions';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import type { Node as PmNode } from '@tiptap/pm/model';
import { HF_ALIGNS, PLAIN_HF, readableColor } from '@/lib/document/header-footer';

export const FIELD_LABEL = { page: 'page number', pages: 'page count' } as const;

/** A page field (Word's PAGE / NUMPAGES): an inline atom; the chip shows the number through CSS (--hf-page / --hf-pages). */
export const PageField = Node.create({
  name: 'field',
  group: 'inline',
  inline: true,
  atom: true,
  selectable: true,
  addAttributes() {
    return {
      kind: {
        default: 'page',
        parseHTML: (el) => (el.getAttribute('data-field') === 'pages' ? 'pages' : 'page'),
        renderHTML: (a: Record<string, unknown>) => ({ 'data-field': a.kind === 'pages' ? 'pages' : 'page' }),
      },
    };
  },
  parseHTML() {
    return [{ tag: 'span[data-field]' }];
  },
  renderHTML({ node, HTMLAttributes }) {
    const kind = node.attrs.kind === 'pages' ? 'pages' : 'page';
    return ['span', mergeAttributes(HTMLAttributes, { class: 'ds-hf-field', role: 'img', 'aria-label': FIELD_LABEL[kind], title: `${FIELD_LABEL[kind]} (filled in on each page)` })];
  },
  renderText({ node }) {
    return node.attrs.kind === 'pages' ? '{pages}' : '{page}';
  },
});

/** Colour and size (points) of a run. */
export const HfTextStyle = Mark.create({
  name: 'textStyle',
  addAttributes() {
    return {
      color: {
        default: null,
        // shown readable on white (readableColor); the stored colour travels in data-color
        parseHTML: (el) => el.getAttribute('data-color') || el.style?.color || null,
        renderHTML: (a) => (typeof a.color === 'string' && a.color ? { style: `color: ${readableColor(a.color)}`, 'data-color': a.color } : {}),
      },
      fontSize: {
        default: null,
        parseHTML: (el) => (el.style?.fontSize?.endsWith('pt') ? Number.parseFloat(el.style.fontSize) || null : null),
        renderHTML: (a) => (a.fontSize ? { style: `font-size: ${a.fontSize}pt` } : {}),
      },
    };
  },
  parseHTML() {
    return [{ tag: 'span', getAttrs: (el) => (el.style?.color || el.style?.fontSize ? {} : false) }];
  },
  renderHTML({ HTMLAttributes }) {
    return ['span', mergeAttributes(HTMLAttributes), 0];
  },
});

const HfAlign = Extension.create({
  name: 'hfAlign',
  addGlobalAttributes() {
    return [
      {
        types: ['paragraph'],
        attributes: {
          textAlign: {
            default: null,
            parseHTML: (el) => ((HF_ALIGNS as readonly string[]).includes(el.style?.textAlign) ? el.style.textAlign : null),
            renderHTML: (a) => (a.textAlign ? { style: `text-align: ${a.textAlign}` } : {}),
          },
        },
      },
    ];
  },
});

const fieldsKey = new PluginKey('docsmith-hf-fields');

/** "{page}" / "{pages}" in the text become page fields (with the text's marks). */
const TypedFields = Extension.create({
  name: 'hfTypedFields',
  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: fieldsKey,
        appendTransaction: (trs, _old, state) => {
          if (!trs.some((t) => t.docChanged)) return null;
          const hits: Array<{ from: number; to: number; kind: 'page' | 'pages'; node: PmNode }> = [];
          state.doc.descendants((node, pos) => {
            if (!node.isText) return;
            for (const m of (node.text ?? '').matchAll(/\{(pages?)\}/g)) hits.push({ from: pos + m.index, to: pos + m.index + m[0].length, kind: m[1] as 'page' | 'pages', node });
          });
          if (!hits.length) return null;
          const tr = state.tr;
          const field = state.schema.nodes.field!;
          for (const h of hits.reverse()) tr.replaceWith(h.from, h.to, field.create({ kind: h.kind }, null, h.node.marks));
          return tr;
        },
      }),
    ];
  },
});

const plainKey = new PluginKey('docsmith-hf-plain-look');

/**
 * What is typed into an empty header/footer starts in the plain look (9 pt grey, as plain-text
 * headers are written), so a typed footer is stored as its text unless it is formatted further.
 */
const PlainLookForNewText = Extension.create({
  name: 'hfPlainLook',
  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: plainKey,
        appendTransaction: (trs, old, state) => {
          if (!trs.some((t) => t.docChanged)) return null;
          let wasEmpty = true;
          old.doc.descendants((n) => {
            if (n.isText || n.type.name === 'field') wasEmpty = false;
            return wasEmpty;
          });
          if (!wasEmpty) return null;
          const type = state.schema.marks.textStyle!;
          const tr = state.tr;
          state.doc.descendants((n, pos) => {
            if (n.isInline && n.type.name !== 'hardBreak' && !n.marks.some((m) => m.type === type)) tr.addMark(pos, pos + n.nodeSize, type.create({ color: PLAIN_HF.color, fontSize: PLAIN_HF.sizePt }));
          });
          return tr.docChanged ? tr : null;
        },
      }),
    ];
  },
});

export function headerFooterExtensions(): AnyExtension[] {
  return [Document, Paragraph, Text, Bold, Italic, Underline, Strike, HardBreak, HfTextStyle, PageField, HfAlign, TypedFields, PlainLookForNewText, UndoRedo];
}
