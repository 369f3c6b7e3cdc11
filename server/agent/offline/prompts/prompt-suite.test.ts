/**
 * The offline model's prompt suite (suite.ts): every prompt runs end to end through runAgent with
 * the offline provider, and its checks read the generated document.
 */
import { describe, expect, it } from 'vitest';
import { runAgent } from '../../run-agent';
import type { AiSettings } from '../../providers/resolve-model';
import { runCheck } from './checks';
import { customerWorkbook, richCustomerWorkbook } from './customer-workbook';
import { SUITE, type SuiteCase } from './suite';

const settings: AiSettings = { provider: 'offline', maxTurns: 40, timeoutMs: 10_000 };


async function run(c: SuiteCase) {
  if (!c.start) {
    const r = await runAgent({ format: c.format, prompt: c.prompt, document: null, memory: null }, { settings });
    return { format: c.format, document: r.document, summary: r.summary };
  }
  const first = typeof c.start === 'string' ? await runAgent({ format: c.format, prompt: c.start, document: null, memory: null }, { settings }) : { document: c.start.fixture === 'customers-rich' ? richCustomerWorkbook() : customerWorkbook(), memory: null };
  // a copy: the agent's workbook state writes into the cells of the document it is given
  const before = structuredClone(first.document);
  const r = await runAgent({ format: c.format, prompt: c.prompt, document: first.document, memory: first.memory }, { settings });
  return { format: c.format, document: r.document, before, summary: r.summary };
}

describe('offline prompt suite', () => {
  it('has at least 60 prompts across workbooks, documents, decks and resumes, with unique ids', () => {
    expect(SUITE.length).toBeGreaterThanOrEqual(60);
    expect(new Set(SUITE.map((c) => c.id)).size).toBe(SUITE.length);
    for (const f of ['excel', 'word', 'slides'] as const) expect(SUITE.filter((c) => c.format === f && !c.start).length).toBeGreaterThanOrEqual(10);
    expect(SUITE.filter((c) => c.start).length).toBeGreaterThanOrEqual(8);
    expect(SUITE.every((c) => c.checks.length > 0)).toBe(true);
  });

  it.each(SUITE.map((c) => [c.id, c] as const))('%s', async (_id, c) => {
    const out = await run(c);
    const cache = {};
    const failures = c.checks.map((check) => ({ check: check.c, failure: runCheck(check, out, cache) })).filter((x) => x.failure !== null);
    expect(failures).toEqual([]);
    // every tool call of the offline model succeeds (a formula that computes to an error fails its write)
    expect(out.summary).not.toMatch(/tool calls? failed/);
  });
});
