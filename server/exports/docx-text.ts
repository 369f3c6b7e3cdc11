// .docx → HTML and plain text, in-process with mammoth (headings, paragraphs, lists, tables,
// bold/italic, links and embedded images as data URIs; page layout is not kept — use pdf for that).
import mammoth from 'mammoth';
import { htmlPage } from './html-page';

const DOCUMENT_CSS = `
body{font-family:Calibri,Carlito,'Liberation Sans',Arial,sans-serif;font-size:11pt;line-height:1.45;max-width:820px;margin:32px auto;padding:0 16px;color:#222}
table{border-collapse:collapse;margin:12px 0}
td,th{border:1px solid #bbb;padding:4px 8px;vertical-align:top}
img{max-width:100%}`;

export async function docxToHtml(docx: Buffer, title: string | null): Promise<string> {
  const r = await mammoth.convertToHtml({ buffer: docx });
  return htmlPage(title ?? 'Document', DOCUMENT_CSS, r.value);
}

/** Plain text, paragraphs separated by blank lines (mammoth's raw text), UTF-8 with \n line ends. */
export async function docxToText(docx: Buffer): Promise<string> {
  const r = await mammoth.extractRawText({ buffer: docx });
  return r.value.replace(/\r\n/g, '\n').replace(/\n{3,}/g, '\n\n').trim() + '\n';
}
