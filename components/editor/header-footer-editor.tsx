'use client';
// The header or footer of the document, edited in the page's margin: a small tiptap editor over the
// model's formatted header/footer (header-footer-extensions) with its own toolbar — alignment,
// bold / italic / underline, and page number / page count fields, which show as chips holding the
// number of the page they are on (page 1 for the header, the last page for the footer).
import { EditorContent, useEditor, useEditorState, type Editor } from '@tiptap/react';
import { Placeholder } from '@tiptap/extensions';
import { useEffect, useMemo, useRef, type CSSProperties } from 'react';
import { toHfDoc, type HeaderFooter, type HfAlign, type HfDoc, type HfKind } from '@/lib/document/header-footer';
import { headerFooterExtensions } from './header-footer-extensions';
import { ToolButton } from './tool-button';
import pageStyles from './document.module.css';

const NAME: Record<HfKind, string> = { header: 'Header', footer: 'Footer' };

function HfToolbar({ editor, kind }: { editor: Editor; kind: HfKind }) {
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
  const name = NAME[kind];
  return (
    <div className={pageStyles.hfToolbar} role="toolbar" aria-label={`${name} formatting`}>
      <ToolButton className={pageStyles.hfTool} label={`Align ${kind} left`} active={s.align === 'left'} onClick={() => align('left')}>
        ⇤
      </ToolButton>
      <ToolButton className={pageStyles.hfTool} label={`Centre ${kind}`} active={s.align === 'center'} onClick={() => align('center')}>
        ↔
      </ToolButton>
      <ToolButton className={pageStyles.hfTool} label={`Align ${kind} right`} active={s.align === 'right'} onClick={() => align('right')}>
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
      <ToolButton className={pageStyles.hfTool} label={`Insert page number in the ${kind}`} onClick={() => field('page')}>
        Page #
      </ToolButton>
      <ToolButton className={pageStyles.hfTool} label={`Insert page count in the ${kind}`} onClick={() => field('pages')}>
        Pages
      </ToolButton>
    </div>
  );
}

export function HeaderFooterEditor({
  kind,
  initial,
  readOnly,
  page,
  pages,
  onChange,
}: {
  kind: HfKind;
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
  const extensions = useMemo(
    () => [...headerFooterExtensions(), Placeholder.configure({ placeholder: readOnly ? '' : `${NAME[kind]} — text, page number (Page #) and page count (Pages)` })],
    [kind, readOnly],
  );
  const editor = useEditor({
    extensions,
    content: toHfDoc(initial, kind),
    editable: !readOnly,
    immediatelyRender: false,
    editorProps: {
      attributes: { 'aria-label': `${NAME[kind]} (every page)`, role: 'textbox', 'aria-multiline': 'true', class: pageStyles.hfEditor ?? '' },
    },
    onUpdate: ({ editor: e }) => onChangeRef.current(e.getJSON() as HfDoc),
  });
  const style = { '--hf-page': `"${page}"`, '--hf-pages': `"${pages}"` } as CSSProperties;
  return (
    <div className={pageStyles.hfBox} style={style} data-testid={`${kind}-editor`}>
      {editor && !readOnly && <HfToolbar editor={editor} kind={kind} />}
      <EditorContent editor={editor} />
    </div>
  );
}
