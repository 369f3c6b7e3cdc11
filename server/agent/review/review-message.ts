/**
 * The message the harness sends when the model says it is done and the inspection found defects,
 * and its reading back (the offline model answers it). One finding per line:
 *   - [code] location: message
 */
import type { Finding } from '@/server/documents/common/finding';

const OPEN = '<review';
const LINE = /^- \[([a-z0-9_]+)\] (.*?): (.*)$/;

export function reviewMessage(findings: Finding[], round: number, rounds: number, images = 0): string {
  const lines = findings.map((f) => `- [${f.code}] ${oneLine(f.location)}: ${oneLine(f.message)}`);
  const last = round >= rounds ? ' This is the last review: what you leave is reported to the user as a warning.' : '';
  const found = findings.length
    ? `Docsmith inspected the document you built and found ${findings.length} problem${findings.length === 1 ? '' : 's'}:`
    : 'Docsmith inspected the document you built and found no problem automatically.';
  const look = images
    ? `Attached: ${images === 1 ? 'the first page' : `the first ${images} pages`} as rendered. Look at ${images === 1 ? 'it' : 'them'} as a reader would: clipped or overflowing text, overlaps, large empty areas, unreadable charts or tables.`
    : '';
  return [
    `${OPEN} round="${round}" of="${rounds}">`,
    found,
    ...lines,
    ...(look ? [look] : []),
    `Fix ${findings.length ? 'them' : 'what you see'} with the tools (read first where you need to). Then reply with one sentence on what you fixed; name any finding you leave as it is and why.${last}`,
    '</review>',
  ].join('\n');
}

export function isReviewMessage(text: string): boolean {
  return text.startsWith(OPEN);
}

/** The findings listed in a review message (severity is not carried: all were handed back to fix). */
export function parseReviewMessage(text: string): Array<Pick<Finding, 'code' | 'location' | 'message'>> {
  if (!isReviewMessage(text)) return [];
  const out: Array<Pick<Finding, 'code' | 'location' | 'message'>> = [];
  for (const line of text.split('\n')) {
    const m = LINE.exec(line);
    if (m) out.push({ code: m[1]!, location: m[2]!, message: m[3]! });
  }
  return out;
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}
