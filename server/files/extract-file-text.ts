// Readable text of an uploaded document for the agent: docx as markdown, pptx slide by slide,
// PDF through poppler's pdftotext, text and Markdown as they are.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { nodesToMarkdown } from '../agent/tools/document-markdown';
import type { Deck } from '../documents/deck/schema';
import { importPptx } from '../documents/deck/import-pptx';
import { importDocx } from '../documents/document/import-docx';
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
    const { stdout } = await run('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { maxBuffer: 64 * 1024 * 1024, timeout: 30_000 });
    return stdout.replace(/[ \t]+\n/g, '\n').replace(/\n{3,}/g, '\n\n').trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error('reading PDF files needs pdftotext (Debian package poppler-utils)');
    }
    throw err;
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
