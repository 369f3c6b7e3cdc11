/**
 * What the offline model writes under the sections of the documents people ask for most: text that
 * says what belongs in that section (findings, responsibilities, decisions…), not one generic
 * sentence pattern filled with the section's name.
 */
import { describe, expect, it } from 'vitest';
import { nodeText, parseDocument } from '@/server/documents/document/schema';
import { runAgent } from '../run-agent';
import type { AiSettings } from '../providers/resolve-model';

const settings: AiSettings = { provider: 'offline', maxTurns: 40, timeoutMs: 10_000 };
/** The generic patterns, filled with a section's name ("Share the outcome of background with stakeholders."). */
const GENERIC = /^(This section covers|Here we set out|The points below summarise)\b|\b(matters for .+ because it shapes the decisions that follow)|^(Agree the scope and the owners for|Record the assumptions behind|Measure progress on|Review .+ with the people it affects|Track open questions about|Share the outcome of)\b/;

describe('offline documents: section text', () => {
  it.each([
    ['Memo from the Head of HR to all managers about the new remote work policy', ['Purpose', 'Next steps']],
    ['Quarterly report on customer support performance with numbered sections and a table of contents', ['Findings', 'Recommendations']],
    ['Minutes of the product steering committee meeting on 3 March', ['Agenda', 'Decisions']],
    ['Proposal to a client for a data migration project, with pricing', ['Approach', 'Timeline']],
    ['Information security policy', ['Scope', 'Responsibilities', 'Compliance']],
  ])('"%s": no generic filler under the usual sections', async (prompt, expected) => {
    const r = await runAgent({ format: 'word', prompt, document: null, memory: null }, { settings });
    const doc = parseDocument(r.document);
    const body = doc.doc.content ?? [];
    const blocks = body.map((b) => ({ type: b.type, text: nodeText(b).trim() }));
    const headings = blocks.filter((b) => b.type === 'heading').map((b) => b.text.replace(/^\d+\.\s*/, ''));
    for (const h of expected) expect(headings).toContain(h);
    const lines = body.flatMap((b) => (b.type === 'bulletList' || b.type === 'orderedList' ? (b.content ?? []).map((li) => nodeText(li).trim()) : [nodeText(b).trim()]));
    expect(lines.filter((l) => GENERIC.test(l))).toEqual([]);
  });
});

describe('offline documents: a prompt that names only the kind of document', () => {
  it.each([
    ['A memo with sections Background, Policy, Next steps', 'Memo'],
    ['A memo', 'Memo'],
    ['Write a report', 'Report'],
    ['A report with sections Summary, Findings', 'Report'],
    ['A policy with sections Scope, Rules', 'Policy'],
    ['A proposal with sections Approach, Pricing', 'Proposal'],
    ['Meeting minutes', 'Minutes'],
    ['A letter', 'Letter'],
  ])('"%s": titled "%s", and no sentence is about the kind word itself', async (prompt, title) => {
    const r = await runAgent({ format: 'word', prompt, document: null, memory: null }, { settings });
    const doc = parseDocument(r.document);
    expect(doc.title).toBe(title);
    const text = (doc.doc.content ?? []).map((b) => nodeText(b)).join('\n');
    // "the facts that shape memo", "This document covers report", "the agenda of Meeting minutes"
    expect(text).not.toMatch(/\b(?:shape|covers?|about|of|deliver|at|introduces|costs?)\s+(?:meeting\s+)?(?:memo|report|policy|proposal|minutes|letter)\b(?!\s+\w)/i);
    expect(text).not.toMatch(/Subject:\s*(?:Memo|Update)?\s*$/m);
  });
});
