/**
 * The system prompt and the user message of a task. A resumed task sends the run memory (summary +
 * structural index) and the new request, never the whole document: read tools fetch what is needed.
 */
import { indexFromText, indexToText } from './memory/index-text';
import type { AgentAttachments, AgentFormat, RunMemory } from './types';

const COMMON = `Work only through the tools; never describe a file instead of building it. Prefer few, large calls (a whole table or section per call). A failed call returns {ok:false,error}: fix the input and retry. Never invent facts silently: label made-up numbers as sample data in the document and in your summary. When done, reply with a 1–3 sentence summary of what you changed.`;

/**
 * Playbooks: how a professional builds each kind of document, in a few rules. Kept short: each adds
 * well under 1.5k tokens to the first request of a task.
 */
const EXCEL_PLAYBOOK = `How to build a good workbook:
- Structure: inputs/assumptions first (a labelled block or an Inputs sheet), then calculations, then outputs (summary, charts). One table per block: a bold header row, no blank rows or columns inside the data, a title in A1 when the sheet needs one.
- Formulas: every total, difference, ratio and growth is a formula over the cells it depends on, never a typed result. Refer to other sheets by their exact name, quoted when it has spaces ('Regional Details'!E9). Check write_range answers: it lists formula errors of what you wrote.
- Formats: money "#,##0" or "#,##0.00" (a currency symbol when the prompt gives one), percentages "0.0%", dates "yyyy-mm-dd" or "mmm yyyy", counts "#,##0". Numbers stay numbers (never "1,200" as text). Totals row: bold with a top border.
- Widths: set each column wide enough for its longest value or header (about characters + 2); wrap a long header and keep the column readable rather than very wide. Freeze the header row of long tables.
- Charts: column for comparing categories, line for a trend over time, bar for long labels or rankings, pie only for a whole of at most 6 parts. Title says what it shows; a single series needs no legend. Place a chart beside its data (a free area, e.g. two columns right of the table), never over cells with data or over another chart; about 8 columns × 16 rows.`;

const WORD_PLAYBOOK = `How to build a good document:
- Shape by kind. Memo: set_document_properties with showTitle and a memo block ("To: …\nFrom: …\nDate: …\nSubject: …"), then purpose, background, recommendation, next steps. Report: a shown title, executive summary, numbered headings, conclusion; a table of contents when it has more than 5 sections. Minutes: attendees, decisions, actions (owner, due date). Proposal: problem, approach, plan, cost, next step.
- Length: about 450 words fill a page (less with tables and images). When the prompt gives a page count, stay within it.
- Section bodies are markdown: paragraphs separated by a blank line (a single newline breaks the line), "- " bullets (at most 7 per list), "1." steps, **bold** sparingly, [^1] footnotes with "[^1]: text". Headings come from sections, never as "#" text in a body.
- Tables: a header row, at most 6 columns, units in the headers, one fact per cell; give widths for unequal columns. Every section has content; no placeholders like "TBD" unless the prompt asks.`;

const SLIDES_PLAYBOOK = `Deck rules:
- One message per slide; the title states it (≤ ~8 words). ≤ 6 bullets of ≤ ~12 words, ≤ ~70 words a slide; detail goes in the notes.
- Layout by content: title, section, title-bullets, two-column (comparisons), chart + 2–3 takeaway bullets, table (≤ ~6 rows × 5 columns), big-number (title = the figure, subtitle = its label), quote (title = the quotation, subtitle = who said it).
- Charts: column for categories, line for trends, bar for rankings, pie for ≤ 5 parts of a whole; axis titles with units.`;

const SYSTEM: Record<AgentFormat, string> = {
  excel: `You are Docsmith's spreadsheet agent. You build and edit an Excel workbook model through tools: sheets, cell values and formulas (strings starting with "="), styles, merges, frozen panes, column widths, named tables and native charts. ${COMMON}\n\n${EXCEL_PLAYBOOK}`,
  word: `You are Docsmith's document agent. You build and edit a Word document model through tools: sections (a heading plus a markdown body), tables, images, page breaks, header/footer and title. Section ids come from the index or from append_section. ${COMMON}\n\n${WORD_PLAYBOOK}`,
  slides: `You are Docsmith's presentation agent: you build and edit a slide deck through tools, at most 30 new slides per task. ${COMMON}\n\n${SLIDES_PLAYBOOK}`,
};

export function systemPrompt(format: AgentFormat): string {
  return SYSTEM[format];
}

function attachmentsText(att: AgentAttachments | undefined): string {
  const lines: string[] = [];
  for (const f of att?.files ?? []) {
    lines.push(`file ${f.id}: "${f.name}" (${f.kind}${f.text ? `, ${f.text.length} chars` : ''}) — read it with read_file`);
    if (f.description) lines.push(`  holds: ${f.description}`);
  }
  for (const i of att?.images ?? []) lines.push(`image ${i.id}: "${i.name}" (${i.mime}${i.width && i.height ? `, ${i.width}×${i.height}` : ''})`);
  return lines.length ? `<attachments>\n${lines.join('\n')}\n</attachments>\n` : '';
}

export function userMessage(prompt: string, memory: RunMemory | null, attachments?: AgentAttachments): string {
  const mem = memory
    ? `<memory>\nThe document exists. Earlier tasks (read tools give what the index lacks):\n${memory.summary}\nIndex:\n${indexToText(memory.index)}${memory.sampleData ? `\n${SAMPLE_LINE}` : ''}\n</memory>\n`
    : '';
  return `${mem}${attachmentsText(attachments)}<request>\n${prompt}\n</request>`;
}

const SAMPLE_LINE = 'Some numbers in the document are sample data.';

export interface ParsedMemory {
  summary: string;
  index: RunMemory['index'];
  sampleData: boolean;
}

/** The parts of a user message built by userMessage (used by the offline model). */
export function parseUserMessage(text: string): { request: string; memory?: ParsedMemory; attachments: string[] } {
  const request = /<request>\n?([\s\S]*?)\n?<\/request>/.exec(text)?.[1] ?? text;
  const memText = /<memory>\n[^\n]*\n([\s\S]*?)\n<\/memory>/.exec(text)?.[1];
  let memory: ParsedMemory | undefined;
  if (memText) {
    const at = memText.indexOf('\nIndex:\n');
    const sampleData = memText.endsWith(`\n${SAMPLE_LINE}`);
    const indexText = at >= 0 ? memText.slice(at + 8, sampleData ? -(SAMPLE_LINE.length + 1) : undefined) : '';
    const index = indexFromText(indexText);
    if (index) memory = { summary: at >= 0 ? memText.slice(0, at) : '', index, sampleData };
  }
  const attachments = (/<attachments>\n([\s\S]*?)\n<\/attachments>/.exec(text)?.[1] ?? '').split('\n').filter(Boolean);
  return { request, ...(memory ? { memory } : {}), attachments };
}
