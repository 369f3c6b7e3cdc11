'use client';
// The header or footer of the document, edited in the page's margin: a small tiptap editor over the
// model's formatted header/footer (header-footer-extensions) with its own toolbar — alignment,
// bold / italic / underline, and page number / page count fields, which show as chips holding the
// number of the page they are on (page 1 for the header, the last page for the footer). With a
// different first page there is one for the first page's own header/footer (variant 'first') and
// one for the others' ('others'); the toolbar's "Different first page" checkbox turns it on/off.
import { EditorContent, useEditor, useEditorState, type Editor } from '@tiptap/react';
import { Placeholder } from '@tiptap/extensions';
import { useEffect, useLayoutEffect, useMemo, useRef, type CSSProperties } from 'react';
import type { Node as PMNode } from '@tiptap/pm/model';
import { toHfDoc, type HeaderFooter, type HfAlign, type HfDoc, type HfKind } from '@/lib/document/header-footer';
import { headerFooterExtensions } from './header-footer-extensions';
import { liveDocumentUpdate, parseLiveDoc } from './live-document-update';
import { ToolButton } from './tool-button';
import pageStyles from './document.module.css';

const NAME: Record<HfKind, string> = { header: 'Header', footer: 'Footer' };

/** every page; the first page's own (different first page); the pages after the first */
export type HfVariant = 'every' | 'first' | 'others';

/** "Different first page": on/off. */
export interface DifferentFirstPage {
  on: boolean;
  set: (on: boolean) => void;
}

/** The editor's name ("First-page header"), the noun in its buttons' labels ("first-page header") and its text box's label. */
export function hfNames(kind: HfKind, variant: HfVariant): { name: string; noun: string; label: string } {
  if (variant === 'first') return { name: `First-page ${kind}`, noun: `first-page ${kind}`, label: `First-page ${kind}` };
  return { name: NAME[kind], noun: kind, label: `${NAME[kind]} (${variant === 'others' ? 'pages after the first' : 'every page'})` };
}

function HfToolbar({ editor, kind, variant, differentFirst }: { editor: Editor; kind: HfKind; variant: HfVariant; differentFirst?: DifferentFirstPage | undefined }) {
  const s = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      bold: e.isActive('bold'),
      italic: e.isActive('italic'),
      underline: e.isActive('underline'),
      align: (e.getAttributes('paragraph').textAlign as HfAlign | null) ?? 'left',
    }),
  });
  const chain = () => editor.chain().focus();
  const align = (a: HfAlign) => chain().updateAttributes('paragraph', { textAlign: a === 'left' ? null : a }).run();
  // the field takes the formatting of the text at the cursor
  const field = (k: 'page' | 'pages') => {
    const { state } = editor;
    const marks = (state.storedMarks ?? state.selection.$from.marks()).map((m) => m.toJSON() as { type: string; attrs?: Record<string, unknown> });
    chain().insertContent({ type: 'field', attrs: { kind: k }, ...(marks.length ? { marks } : {}) }).run();
  };
  const { name, noun } = hfNames(kind, variant);
  return (
    <div className={pageStyles.hfToolbar} role="toolbar" aria-label={`${name} formatting`}>
      <ToolButton className={pageStyles.hfTool} label={`Align ${noun} left`} active={s.align === 'left'} onClick={() => align('left')}>
        ⇤
      </ToolButton>
      <ToolButton className={pageStyles.hfTool} label={`Centre ${noun}`} active={s.align === 'center'} onClick={() => align('center')}>
        ↔
      </ToolButton>
      <ToolButton className={pageStyles.hfTool} label={`Align ${noun} right`} active={s.align === 'right'} onClick={() => align('right')}>
        ⇥
      </ToolButton>
      <ToolButton className={pageStyles.hfTool} label={`${name} bold`} active={s.bold} onClick={() => chain().toggleBold().run()}>
        <b>B</b>
      </ToolButton>
      <ToolButton className={pageStyles.hfTool} label={`${name} italic`} active={s.italic} onClick={() => chain().toggleItalic().run()}>
        <i>I</i>
      </ToolButton>
      <ToolButton className={pageStyles.hfTool} label={`${name} underline`} active={s.underline} onClick={() => chain().toggleUnderline().run()}>
        <u>U</u>
      </ToolButton>
      <ToolButton className={pageStyles.hfTool} label={`Insert page number in the ${noun}`} onClick={() => field('page')}>
        Page #
      </ToolButton>
      <ToolButton className={pageStyles.hfTool} label={`Insert page count in the ${noun}`} onClick={() => field('pages')}>
        Pages
      </ToolButton>
      {differentFirst && (
        <label className={pageStyles.hfCheck} title="The first page has its own header and footer (empty until typed), as a cover page">
          <input type="checkbox" checked={differentFirst.on} onChange={(e) => differentFirst.set(e.currentTarget.checked)} />
          Different first page
        </label>
      )}
    </div>
  );
}

export function HeaderFooterEditor({
  kind,
  variant = 'every',
  differentFirst,
  initial,
  readOnly,
  page,
  pages,
  onChange,
}: {
  kind: HfKind;
  variant?: HfVariant;
  /** the "Different first page" checkbox in the toolbar */
  differentFirst?: DifferentFirstPage | undefined;
  initial: HeaderFooter | undefined;
  readOnly: boolean;
  /** the page the chips show: 1 for the header, the last page for the footer */
  page: number;
  pages: number;
  onChange: (hf: HfDoc) => void;
}) {
  const onChangeRef = useRef(onChange);
  useEffect(() => {
    onChangeRef.current = onChange;
  }, [onChange]);
  const names = hfNames(kind, variant);
  const extensions = useMemo(
    () => [...headerFooterExtensions(), Placeholder.configure({ placeholder: readOnly ? '' : `${names.name} — text, page number (Page #) and page count (Pages)` })],
    [names.name, readOnly],
  );
  /** the documents this editor sent last (onChange) */
  const own = useRef<PMNode[]>([]);
  const editor = useEditor({
    extensions,
    content: toHfDoc(initial, kind),
    editable: !readOnly,
    immediatelyRender: false,
    editorProps: {
      attributes: { 'aria-label': names.label, role: 'textbox', 'aria-multiline': 'true', class: pageStyles.hfEditor ?? '' },
    },
    onUpdate: ({ editor: e }) => {
      own.current = [e.state.doc, ...own.current.slice(0, 7)];
      onChangeRef.current(e.getJSON() as HfDoc);
    },
  });
  // `initial` changed elsewhere (a newer version, or the other editor of the same header): taken in
  // place, outside the undo history, the caret mapped (live-document-update); what this editor
  // itself just sent comes back as `initial` and is left alone
  useLayoutEffect(() => {
    if (!editor || editor.isDestroyed) return;
    const next = parseLiveDoc(editor.schema, toHfDoc(initial, kind));
    if (!next || own.current.some((d) => d.eq(next))) return;
    const u = liveDocumentUpdate(editor.state, next);
    if (u && u !== 'remount') editor.view.dispatch(u.tr);
  }, [editor, initial, kind]);
  const style = { '--hf-page': `"${page}"`, '--hf-pages': `"${pages}"` } as CSSProperties;
  return (
    <div className={pageStyles.hfBox} style={style} data-testid={variant === 'first' ? `first-page-${kind}-editor` : `${kind}-editor`}>
      {editor && !readOnly && <HfToolbar editor={editor} kind={kind} variant={variant} differentFirst={differentFirst} />}
      <EditorContent editor={editor} />
    </div>
  );
}
