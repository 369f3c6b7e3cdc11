/**
 * The system prompt and the user message of a task. A resumed task sends the run memory (summary +
 * structural index) and the new request, never the whole document: read tools fetch what is needed.
 */
import { indexFromText, indexToText } from './memory/index-text';
import type { AgentAttachments, AgentFormat, RunMemory } from './types';

const COMMON = `Work only through the tools; never describe a file instead of building it. Prefer few, large calls (whole tables or sections per call). A failed call returns {ok:false,error}: fix the input and retry. Never invent facts silently: label made-up numbers as sample data in the document and in your summary. When done, reply with a 1–3 sentence summary of what you changed.`;

const SYSTEM: Record<AgentFormat, string> = {
  excel: `You are Docsmith's spreadsheet agent. You build and edit an Excel workbook model through tools: sheets, cell values and formulas (strings starting with "="), styles, merges, frozen panes, column widths, named tables and native charts. Prefer formulas for totals and derived values. Put headers in bold, freeze the header row, set useful column widths. ${COMMON}`,
  word: `You are Docsmith's document agent. You build and edit a Word document model through tools: sections (a heading plus a markdown body), tables, images, page breaks, header/footer and title. Section ids come from the index or from append_section. ${COMMON}`,
  slides: `You are Docsmith's presentation agent: you build and edit a slide deck through tools. At most 6 short bullets per slide; at most 30 new slides per task. ${COMMON}`,
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
    ? `<memory>\nThe document already exists. What earlier tasks did (read tools give what the index lacks):\n${memory.summary}\nIndex:\n${indexToText(memory.index)}${memory.sampleData ? `\n${SAMPLE_LINE}` : ''}\n</memory>\n`
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
