// Readable text of an uploaded document for the agent: docx as markdown, pptx slide by slide,
// PDF through poppler's pdftotext, text and Markdown as they are.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { nodesToMarkdown } from '../documents/document/document-markdown';
import type { Deck } from '../documents/deck/schema';
import { importPptx } from '../documents/deck/import-pptx';
import { importDocx } from '../documents/document/import-docx';
import { UnreadableDocumentError, documentLimits } from '../documents/common/document-limits';
import { pdfFilePageCount } from './check-upload-content';
import type { UploadKind } from './detect-file-type';

const run = promisify(execFile);

function deckText(deck: Deck): string {
  const lines: string[] = [];
  deck.slides.forEach((s, i) => {
    lines.push(`Slide ${i + 1}${s.title ? `: ${s.title}` : ''}`);
    if (s.subtitle) lines.push(s.subtitle);
    const bullets = [...(s.bullets ?? []), ...(s.columns ?? []).flatMap((c) => [...(c.heading ? [c.heading] : []), ...c.bullets])];
    for (const b of bullets) lines.push(`- ${typeof b === 'string' ? b : b.text}`);
    for (const el of s.elements) if (el.kind === 'text') for (const p of el.paragraphs) lines.push(p.runs.map((r) => r.text).join(''));
    if (s.notes) lines.push(`Notes: ${s.notes}`);
    lines.push('');
  });
  return lines.join('\n').trim();
}

async function pdfText(bytes: Buffer): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'docsmith-pdf-'));
  try {
    const file = path.join(dir, 'in.pdf');
    await writeFile(file, bytes);
    const maxPages = documentLimits().maxPdfPages;
    const pages = await pdfFilePageCount(file);
    const { stdout } = await run('pdftotext', ['-layout', '-enc', 'UTF-8', '-l', String(maxPages), file, '-'], { maxBuffer: 64 * 1024 * 1024, timeout: 30_000 });
    const text = stdout.replace(/[ \t]+\n/g, '\n').replace(/\n{3,}/g, '\n\n').trim();
    return pages !== null && pages > maxPages ? `${text}\n\n(only the first ${maxPages} of ${pages} pages were read: MAX_PDF_PAGES)` : text;
  } catch (err) {
    if (err instanceof UnreadableDocumentError) throw err;
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new UnreadableDocumentError('reading PDF files needs pdftotext (Debian package poppler-utils) on the server');
    }
    // pdftotext's stderr and our temp path stay in the log, not in the task's error
    throw new UnreadableDocumentError('the PDF could not be read (damaged, encrypted or not a PDF)');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The text of a document upload, or null for kinds that have none (images, spreadsheets). */
export async function extractFileText(kind: UploadKind, bytes: Buffer): Promise<string | null> {
  switch (kind) {
    case 'txt':
    case 'markdown':
    case 'csv':
      return bytes.toString('utf8').replace(/^\uFEFF/, '');
    case 'docx':
      return nodesToMarkdown((await importDocx(bytes)).model.doc.content ?? []);
    case 'pptx':
      return deckText((await importPptx(bytes)).deck);
    case 'pdf':
      return pdfText(bytes);
    default:
      return null;
  }
}
