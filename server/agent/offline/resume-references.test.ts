/**
 * A resume names slides and sections as the person does: slides by their place in the deck they
 * see (not by internal ids, which stop matching places once slides move), and "it" for the section
 * the same request just named.
 */
import { describe, expect, it } from 'vitest';
import { parseDeck } from '@/server/documents/deck/schema';
import { nodeText, parseDocument } from '@/server/documents/document/schema';
import { runAgent } from '../run-agent';
import type { AiSettings } from '../providers/resolve-model';

const settings: AiSettings = { provider: 'offline', maxTurns: 40, timeoutMs: 10_000 };
const run = (format: 'slides' | 'word', prompt: string, prev?: { document: unknown; memory: unknown }) =>
  runAgent({ format, prompt, document: prev?.document ?? null, memory: (prev?.memory ?? null) as never }, { settings });

describe('resume references', () => {
  it('a deck: the summary says "slide 4" for the fourth slide after earlier edits moved the ids, and the slide lands there', async () => {
    const first = await run('slides', 'Pitch deck for a climate-tech startup, 8 slides');
    const second = await run('slides', 'Change the title of slide 3 to Market Opportunity, delete slide 5 and move slide 2 to the end', first);
    expect(second.summary).toMatch(/[Rr]etitled slide 3 "Market Opportunity"; deleted slide 5 \("[^"]+"\); moved slide 2 to the end/);
    const before = parseDeck(second.document).slides;
    const third = await run('slides', 'add a slide about the hiring plan after slide 4', second);
    expect(third.summary).toMatch(/[Aa]dded 1 slide about (the )?hiring plan after slide 4\b/);
    expect(third.summary).not.toMatch(/slide s\d/);
    const after = parseDeck(third.document).slides;
    expect(after.slice(0, 4).map((s) => s.id)).toEqual(before.slice(0, 4).map((s) => s.id));
    expect(after[4]!.title).toMatch(/hiring plan/i);
  });

  it('a document: "add a section Risks after it" goes after the section the request just renamed', async () => {
    const first = await run('word', 'Quarterly report on customer support performance');
    const r = await run('word', 'rename the section Findings to Key findings and add a section Risks after it', first);
    const headings = (parseDocument(r.document).doc.content ?? []).filter((b) => b.type === 'heading').map((b) => nodeText(b).replace(/^\d+\.\s*/, ''));
    expect(headings.indexOf('Risks')).toBe(headings.indexOf('Key findings') + 1);
    expect(r.summary).not.toMatch(/did not add/);
  });
});
