'use client';
// Document editing surface: tiptap over our document model, which IS tiptap JSON — the editor
// uses the same extension list as the renderer (lib/document/tiptap-extensions), so
// what it saves is what the .docx renderer understands. Title, header, footer and page settings
// are not edited here and stay as stored.
import { EditorContent, useEditor, useEditorState, type Editor } from '@tiptap/react';
import { UndoRedo } from '@tiptap/extensions';
import { useEffect, useMemo, useRef, useState, type CSSProperties } from 'react';
import { documentExtensions } from '@/lib/document/tiptap-extensions';
import type { EditorDocument, EditorEdit } from './editor-types';
import { ZoomControl } from './zoom-control';
import styles from './editor.module.css';

type WordDoc = Extract<EditorDocument, { format: 'word' }>;

function ToolButton({ label, onClick, active, disabled, children }: { label: string; onClick: () => void; active?: boolean; disabled?: boolean; children: React.ReactNode }) {
  return (
    <button type="button" className={styles.toolButton} aria-label={label} title={label} aria-pressed={active ?? undefined} disabled={disabled} onMouseDown={(e) => e.preventDefault()} onClick={onClick}>
      {children}
    </button>
  );
}

function Toolbar({ editor, zoom, setZoom }: { editor: Editor; zoom: number; setZoom: (z: number) => void }) {
  const s = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      bold: e.isActive('bold'),
      italic: e.isActive('italic'),
      underline: e.isActive('underline'),
      strike: e.isActive('strike'),
      h1: e.isActive('heading', { level: 1 }),
      h2: e.isActive('heading', { level: 2 }),
      h3: e.isActive('heading', { level: 3 }),
      bullet: e.isActive('bulletList'),
      ordered: e.isActive('orderedList'),
      inTable: e.isActive('table'),
      editable: e.isEditable,
      canUndo: e.can().undo(),
      canRedo: e.can().redo(),
    }),
  });
  const chain = () => editor.chain().focus();
  const off = !s.editable;
  return (
    <div className={styles.toolbar} role="toolbar" aria-label="Formatting">
      <ToolButton label="Undo (Ctrl+Z)" disabled={off || !s.canUndo} onClick={() => chain().undo().run()}>
        ↶
      </ToolButton>
      <ToolButton label="Redo (Ctrl+Shift+Z)" disabled={off || !s.canRedo} onClick={() => chain().redo().run()}>
        ↷
      </ToolButton>
      <span className={styles.sep} aria-hidden />
      <ToolButton label="Bold" active={s.bold} disabled={off} onClick={() => chain().toggleBold().run()}>
        <b>B</b>
      </ToolButton>
      <ToolButton label="Italic" active={s.italic} disabled={off} onClick={() => chain().toggleItalic().run()}>
        <i>I</i>
      </ToolButton>
      <ToolButton label="Underline" active={s.underline} disabled={off} onClick={() => chain().toggleUnderline().run()}>
        <u>U</u>
      </ToolButton>
      <ToolButton label="Strikethrough" active={s.strike} disabled={off} onClick={() => chain().toggleStrike().run()}>
        <s>S</s>
      </ToolButton>
      <span className={styles.sep} aria-hidden />
      <ToolButton label="Normal text" disabled={off} onClick={() => chain().setParagraph().run()}>
        ¶
      </ToolButton>
      <ToolButton label="Heading 1" active={s.h1} disabled={off} onClick={() => chain().toggleHeading({ level: 1 }).run()}>
        H1
      </ToolButton>
      <ToolButton label="Heading 2" active={s.h2} disabled={off} onClick={() => chain().toggleHeading({ level: 2 }).run()}>
        H2
      </ToolButton>
      <ToolButton label="Heading 3" active={s.h3} disabled={off} onClick={() => chain().toggleHeading({ level: 3 }).run()}>
        H3
      </ToolButton>
      <span className={styles.sep} aria-hidden />
      <ToolButton label="Bulleted list" active={s.bullet} disabled={off} onClick={() => chain().toggleBulletList().run()}>
        • List
      </ToolButton>
      <ToolButton label="Numbered list" active={s.ordered} disabled={off} onClick={() => chain().toggleOrderedList().run()}>
        1. List
      </ToolButton>
      <span className={styles.sep} aria-hidden />
      <ToolButton label="Insert table" disabled={off} onClick={() => chain().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run()}>
        Table
      </ToolButton>
      <ToolButton label="Add row below" disabled={off || !s.inTable} onClick={() => chain().addRowAfter().run()}>
        + Row
      </ToolButton>
      <ToolButton label="Add column right" disabled={off || !s.inTable} onClick={() => chain().addColumnAfter().run()}>
        + Col
      </ToolButton>
      <ToolButton label="Delete row" disabled={off || !s.inTable} onClick={() => chain().deleteRow().run()}>
        − Row
      </ToolButton>
      <ToolButton label="Delete table" disabled={off || !s.inTable} onClick={() => chain().deleteTable().run()}>
        − Table
      </ToolButton>
      <ToolButton
        label="Insert image from a URL"
        disabled={off}
        onClick={() => {
          const src = window.prompt('Image URL (https:// or data:)');
          if (src && /^(https?:|data:image\/)/.test(src)) chain().setImage({ src }).run();
        }}
      >
        Image
      </ToolButton>
      <span className={styles.sep} aria-hidden />
      <ZoomControl zoom={zoom} setZoom={setZoom} />
    </div>
  );
}

export function DocumentEditor({ doc, readOnly, onEdit }: { doc: WordDoc; readOnly: boolean; onEdit: (e: EditorEdit) => void }) {
  const [zoom, setZoom] = useState(1);
  // The model's extensions plus undo/redo (editor-only: it does not change the document schema).
  const extensions = useMemo(() => [...documentExtensions(), UndoRedo], []);
  const onEditRef = useRef(onEdit);
  useEffect(() => {
    onEditRef.current = onEdit;
  }, [onEdit]);
  const editor = useEditor({
    extensions,
    content: doc.model.doc,
    editable: !readOnly,
    immediatelyRender: false,
    editorProps: { attributes: { 'aria-label': 'Document body', role: 'textbox', 'aria-multiline': 'true' } },
    onUpdate: ({ editor: e }) => onEditRef.current({ kind: 'document', doc: e.getJSON() as Extract<EditorEdit, { kind: 'document' }>['doc'] }),
  });
  const style = { '--doc-accent': doc.model.accentColor, zoom } as CSSProperties;
  return (
    <>
      {editor && <Toolbar editor={editor} zoom={zoom} setZoom={setZoom} />}
      <div className={styles.docScroll} data-testid="document-editor">
        <article className={styles.docPage} style={style}>
          <EditorContent editor={editor} />
        </article>
      </div>
    </>
  );
}
