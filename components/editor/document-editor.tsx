'use client';
// Document editing surface: tiptap over our document model, which IS tiptap JSON — the editor
// uses the same extension list as the renderer (lib/document/tiptap-extensions), so
// what it saves is what the .docx renderer understands. The body is shown in a page view (sheets
// of the document's page size and margins, page breaks as the PDF has them, long paragraphs split
// between lines: page-breaks.ts); the header and footer are edited in the margins, formatted, with
// page number / page count fields (header-footer-editor.tsx); images are inserted through an in-page dialog
// (uploaded or from the image library); table columns are resized by dragging their borders.
// Title and page settings are not edited here and stay as stored. A newer version (another viewer,
// the agent) is taken in place (live-document-update): the caret, the scroll and the person's own
// undo steps stay, and nothing is sent back for it.
import { EditorContent, useEditor, useEditorState, type Editor } from '@tiptap/react';
import { UndoRedo } from '@tiptap/extensions';
import { NodeSelection } from '@tiptap/pm/state';
import type { Node as PMNode } from '@tiptap/pm/model';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type CSSProperties } from 'react';
import { documentExtensions } from '@/lib/document/tiptap-extensions';
import { pageGeometry } from '@/lib/document/page-geometry';
import type { EditorDocument, EditorEdit } from './editor-types';
import { isEmptyHeaderFooter, simplifyHeaderFooter, toHfDoc, type HeaderFooter, type HfDoc, type HfKind } from '@/lib/document/header-footer';
import { HeaderFooterEditor } from './header-footer-editor';
import { FirstPageSlots, useFirstPage } from './first-page-header-footer';
import { ImageDialog, type InsertableImage } from './image-dialog';
import { liveDocumentUpdate, parseLiveDoc } from './live-document-update';
import { PageBreaks, type PageBreaksStorage } from './page-breaks';
import { ToolButton } from './tool-button';
import { ZoomControl } from './zoom-control';
import styles from './editor.module.css';
import pageStyles from './document.module.css';

type WordDoc = Extract<EditorDocument, { format: 'word' }>;

function Toolbar({ editor, zoom, setZoom, onImage, pages }: { editor: Editor; zoom: number; setZoom: (z: number) => void; onImage: () => void; pages: number }) {
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
      <ToolButton label="Insert image (upload or image library)" disabled={off} onClick={onImage}>
        Image…
      </ToolButton>
      <ToolButton label="Insert page break" disabled={off} onClick={() => chain().insertContent({ type: 'pageBreak' }).run()}>
        Page break
      </ToolButton>
      <span className={styles.sep} aria-hidden />
      <ZoomControl zoom={zoom} setZoom={setZoom} />
      <span className={pageStyles.pageCount} data-testid="page-count">
        {pages} {pages === 1 ? 'page' : 'pages'}
      </span>
    </div>
  );
}

const PX_PER_MM = 96 / 25.4;
const GAP_PX = 18;

export function DocumentEditor({
  doc,
  readOnly,
  onEdit,
  token,
  editsShown = 0,
  onRemount,
}: {
  doc: WordDoc;
  readOnly: boolean;
  /** queues the edit; returns its number (use-editor-session's queue) */
  onEdit: (e: EditorEdit) => number | void;
  token: string;
  /** how many of the queued edits `doc` holds (use-editor-session) */
  editsShown?: number;
  /** the editor cannot take a newer version in place: remount it on the current document */
  onRemount?: () => void;
}) {
  const [zoom, setZoom] = useState(1);
  // the formatted header/footer as edited (plain text ones as their 9 pt grey paragraph)
  const [header, setHeader] = useState<HfDoc>(() => toHfDoc(doc.model.header, 'header'));
  const [footer, setFooter] = useState<HfDoc>(() => toHfDoc(doc.model.footer, 'footer'));
  // a newer version's header/footer replace the ones shown (the margin editors take them in place)
  const [hfOf, setHfOf] = useState(doc);
  if (hfOf !== doc) {
    setHfOf(doc);
    if (JSON.stringify(hfOf.model.header ?? '') !== JSON.stringify(doc.model.header ?? '')) setHeader(toHfDoc(doc.model.header, 'header'));
    if (JSON.stringify(hfOf.model.footer ?? '') !== JSON.stringify(doc.model.footer ?? '')) setFooter(toHfDoc(doc.model.footer, 'footer'));
  }
  const [imageOpen, setImageOpen] = useState(false);
  const [pageInfo, setPageInfo] = useState({ pages: 1, lastFillPx: 0 });
  const geo = useMemo(() => pageGeometry(doc.model.page), [doc.model.page]);
  const onEditRef = useRef(onEdit);
  useEffect(() => {
    onEditRef.current = onEdit;
  }, [onEdit]);
  // header/footer travel with every edit once changed here (absent, the stored ones are kept); as
  // the text when they say no more than it, "" when emptied
  const hf = useRef<{ header: HeaderFooter; footer: HeaderFooter; changed: boolean }>({ header: doc.model.header ?? '', footer: doc.model.footer ?? '', changed: false });
  // "Different first page": page 1's own header/footer (first-page-header-footer.tsx)
  // (sends the edit through the editor as it is after the render: set below, once the editor exists)
  const emitNow = useRef<() => void>(() => {});
  /** the edits sent since the last version taken (numbered by the session) and the body each held */
  const emitted = useRef<Array<{ n: number; doc: PMNode }>>([]);
  const first = useFirstPage(doc.model.firstPage, () => emitNow.current());
  const sheetRef = useRef<HTMLElement>(null);
  const probeRef = useRef<HTMLDivElement>(null);

  const onLayout = useCallback((info: { pages: number; lastFillPx: number }) => {
    setPageInfo((p) => (p.pages === info.pages && Math.abs(p.lastFillPx - info.lastFillPx) < 0.5 ? p : { pages: info.pages, lastFillPx: info.lastFillPx }));
  }, []);
  // The model's extensions (tables resizable) plus undo/redo and the page view (editor-only: the
  // document schema is the same).
  const extensions = useMemo(() => [...documentExtensions({ resizableTables: true }), UndoRedo, PageBreaks.configure({ onLayout })], [onLayout]);
  const emit = (e: Editor) => {
    const edit: EditorEdit = { kind: 'document', doc: e.getJSON() as Extract<EditorEdit, { kind: 'document' }>['doc'] };
    if (hf.current.changed) Object.assign(edit, { header: hf.current.header, footer: hf.current.footer });
    Object.assign(edit, first.editPart());
    const n = onEditRef.current(edit);
    // numbered edits: those a newer version does not hold yet are kept on top of it
    if (typeof n === 'number') {
      emitted.current.push({ n, doc: e.state.doc });
      if (emitted.current.length > 1_000) emitted.current.splice(0, 500);
    }
  };
  const editor = useEditor({
    extensions,
    content: doc.model.doc,
    editable: !readOnly,
    immediatelyRender: false,
    editorProps: { attributes: { 'aria-label': 'Document body', role: 'textbox', 'aria-multiline': 'true' } },
    onUpdate: ({ editor: e }) => emit(e),
  });

  // A newer version taken in place: one transaction outside the undo history, the caret mapped
  // through it, nothing scrolled, and no update event (nothing is sent for it). The person's edits
  // the fetched version does not hold yet (queued after it was fetched: numbered above
  // `editsShown`) are kept on top of it and sent. What cannot be taken (another schema) remounts.
  const shown = useRef<{ editor: Editor; doc: WordDoc; node: PMNode } | null>(null);
  const emitRef = useRef(emit);
  useLayoutEffect(() => {
    emitRef.current = emit;
    emitNow.current = () => {
      if (editor) emit(editor);
    };
  });
  const liveRef = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    if (!editor || editor.isDestroyed) return;
    const was = shown.current;
    if (!was || was.editor !== editor) {
      shown.current = { editor, doc, node: editor.state.doc };
      return;
    }
    if (was.doc === doc) return;
    const started = performance.now();
    const next = parseLiveDoc(editor.schema, doc.model.doc);
    const seen = emitted.current.filter((x) => x.n <= editsShown);
    const unseen = emitted.current.length > seen.length;
    const u = next ? liveDocumentUpdate(editor.state, next, unseen ? (seen[seen.length - 1]?.doc ?? was.node) : undefined) : 'remount';
    if (!next || u === 'remount') {
      console.info(`[editor] newer version ${doc.version}: remounting (it does not fit the editor's schema)`);
      onRemount?.();
      return;
    }
    shown.current = { editor, doc, node: next };
    emitted.current = [];
    if (u) editor.view.dispatch(u.tr);
    hf.current = { ...hf.current, header: doc.model.header ?? '', footer: doc.model.footer ?? '' };
    const el = liveRef.current;
    el?.setAttribute('data-live-version', String(doc.version));
    el?.setAttribute('data-live-ms', (performance.now() - started).toFixed(1));
    el?.setAttribute('data-live-steps', String(u ? u.tr.steps.length : 0));
    // the person's own edits kept on top of the new version: sent as theirs (based on it)
    if (u && !u.doc.eq(next)) emitRef.current(editor);
  }, [editor, doc, editsShown, onRemount]);

  // Measures in the units the blocks are measured in (CSS zoom may scale them): a probe one text
  // area high gives the scale; the gap widgets are drawn back in CSS pixels.
  useLayoutEffect(() => {
    const probe = probeRef.current?.offsetHeight;
    const scale = probe ? probe / geo.contentHeightPx : 1;
    const storage = (editor?.storage as unknown as Record<string, PageBreaksStorage | undefined> | undefined)?.pageBreaksView;
    storage?.setLayout({
      contentHeightPx: geo.contentHeightPx * scale,
      marginPx: geo.marginMm * PX_PER_MM * scale,
      gapPx: GAP_PX * scale,
      ...(isEmptyHeaderFooter(header) ? {} : { header }),
      ...(isEmptyHeaderFooter(footer) ? {} : { footer }),
      ...first.layout,
      scale,
    });
  }, [geo, header, footer, first.layout, zoom, editor]);

  const changeHeaderFooter = (which: HfKind, value: HfDoc) => {
    // within the model's limits (20 paragraphs)
    const clamped: HfDoc = { type: 'doc', content: value.content.slice(0, 20) };
    if (which === 'header') setHeader(clamped);
    else setFooter(clamped);
    hf.current = { ...hf.current, [which]: simplifyHeaderFooter(clamped, which) ?? '', changed: true };
    if (editor) emit(editor);
  };

  const insertImage = (img: InsertableImage, alt: string) => {
    setImageOpen(false);
    if (!editor) return;
    const width = Math.min(img.width, Math.floor(geo.contentWidthPx));
    const height = Math.round((img.height * width) / img.width);
    const attrs = { src: img.src, alt: alt || img.name, title: alt || img.name, width, height };
    // with an image (or another block) selected, the new one goes after it rather than replacing it
    const { selection } = editor.state;
    if (selection instanceof NodeSelection) editor.chain().focus().insertContentAt(selection.to, { type: 'image', attrs }).run();
    else editor.chain().focus().setImage(attrs).run();
  };

  const marginMm = geo.marginMm;
  const style = {
    '--doc-accent': doc.model.accentColor,
    '--page-margin': `${marginMm}mm`,
    zoom,
    width: `${geo.widthMm}mm`,
    minHeight: `${geo.heightMm}mm`,
    padding: `${marginMm}mm`,
    paddingBottom: `calc(${marginMm}mm + ${Math.round(pageInfo.lastFillPx)}px)`,
    fontSize: `${doc.model.font.size}pt`,
    fontFamily: `"${doc.model.font.name}", Carlito, Calibri, var(--font-sans)`,
  } as CSSProperties;
  return (
    <>
      {editor && <Toolbar editor={editor} zoom={zoom} setZoom={setZoom} onImage={() => setImageOpen(true)} pages={pageInfo.pages} />}
      <div ref={liveRef} className={styles.docScroll} data-testid="document-editor">
        <article ref={sheetRef} className={`${styles.docPage} ${pageStyles.sheet}`} style={style} data-pages={pageInfo.pages} aria-label="Page view">
          <div ref={probeRef} className={pageStyles.probe} style={{ height: `${geo.contentHeightPx}px` }} aria-hidden />
          <div className={pageStyles.headerArea}>
            {first.on ? (
              <HeaderFooterEditor key="first-header" kind="header" variant="first" differentFirst={first.toggle} initial={first.header} readOnly={readOnly} page={1} pages={pageInfo.pages} onChange={(v) => first.change('header', v)} />
            ) : (
              <HeaderFooterEditor key="header" kind="header" differentFirst={first.toggle} initial={header} readOnly={readOnly} page={1} pages={pageInfo.pages} onChange={(v) => changeHeaderFooter('header', v)} />
            )}
          </div>
          <EditorContent editor={editor} />
          <div className={pageStyles.footerArea}>
            {first.on && pageInfo.pages === 1 ? (
              <HeaderFooterEditor key="first-footer" kind="footer" variant="first" differentFirst={first.toggle} initial={first.footer} readOnly={readOnly} page={1} pages={1} onChange={(v) => first.change('footer', v)} />
            ) : (
              <HeaderFooterEditor key="footer" kind="footer" variant={first.on ? 'others' : 'every'} differentFirst={first.toggle} initial={footer} readOnly={readOnly} page={pageInfo.pages} pages={pageInfo.pages} onChange={(v) => changeHeaderFooter('footer', v)} />
            )}
          </div>
          <FirstPageSlots first={first} pages={pageInfo.pages} readOnly={readOnly} header={header} onHeader={(v) => changeHeaderFooter('header', v)} />
        </article>
      </div>
      {imageOpen && (
        <ImageDialog
          runId={doc.run_id}
          token={token}
          onInsert={insertImage}
          onClose={() => {
            setImageOpen(false);
            editor?.commands.focus();
          }}
        />
      )}
    </>
  );
}
