/**
 * The agent over a fixed prompt set, against whichever model is configured (AI_PROVIDER, AI_MODEL,
 * AI_BASE_URL, AI_API_KEY; the offline model by default), so that a self-hoster can compare models.
 * Per prompt: model turns, tokens, what the inspection found before the review and what is left
 * after it (AI_REVIEW_ROUNDS rounds), the credits the task costs, and the wall time. The document is
 * rendered to its file too (a model whose output does not render fails here, not in production).
 * The review uses what a task uses: LibreOffice page counts, and page renders with AI_VISUAL_REVIEW.
 *
 *   npm run bench agent                      # offline model
 *   AI_PROVIDER=openai AI_API_KEY=… npm run bench agent
 *   AGENT_BENCH_ONLY=slides npm run bench agent
 */
import { estimateCredits } from '../../server/credits/pricing';
import { aiSettingsFromEnv } from '../../server/agent/providers/resolve-model';
import { runAgent, type AgentOutput } from '../../server/agent/run-agent';
import type { AgentFormat } from '../../server/agent/types';
import { taskReviewServices } from '../../server/jobs/review-services';
import { renderForFormat } from '../../server/rendering/render-for-format';
import { slideCountFromPrompt } from '../../server/runs/preflight';
import { machineLine, runBench } from './lib/bench-kit';

interface BenchPrompt {
  format: AgentFormat;
  prompt: string;
}

export const AGENT_BENCH_PROMPTS: BenchPrompt[] = [
  { format: 'excel', prompt: 'Q3 sales report by region and month with totals and a column chart of revenue by region' },
  { format: 'excel', prompt: 'Budget vs actual for 2026 by department with variance and variance %' },
  { format: 'excel', prompt: 'Build a 3-statement financial model over 3 years' },
  { format: 'excel', prompt: 'Inventory of 200 products with SKU, category, stock, reorder level and a reorder flag' },
  { format: 'word', prompt: 'A 2-page leadership memo recommending a four-day work week pilot' },
  { format: 'word', prompt: 'Minutes of the product review meeting with attendees, decisions and action items' },
  { format: 'word', prompt: 'A project status report with numbered sections, a table of milestones and a table of contents' },
  { format: 'slides', prompt: 'An 8-slide Series A pitch deck for a B2B invoicing startup' },
  { format: 'slides', prompt: 'A quarterly business review deck with a revenue chart and a pricing table' },
  { format: 'slides', prompt: 'A 6-slide training deck on spotting phishing emails' },
];

interface Row {
  p: BenchPrompt;
  out?: AgentOutput;
  error?: string;
  ms: number;
  bytes: number;
}

async function bench(): Promise<void> {
  const settings = aiSettingsFromEnv();
  const only = process.env.AGENT_BENCH_ONLY;
  const prompts = AGENT_BENCH_PROMPTS.filter((p) => !only || p.format === only);
  console.log(machineLine());
  console.log(`model: ${settings.provider}${settings.model ? ` ${settings.model}` : ''}; review rounds: ${settings.reviewRounds ?? 0}; ${prompts.length} prompts`);
  const rows: Row[] = [];
  for (const p of prompts) {
    const started = performance.now();
    try {
      const out = await runAgent({ format: p.format, prompt: p.prompt, document: null, memory: null }, { settings, review: taskReviewServices() });
      const file = await renderForFormat(p.format, out.document, null);
      rows.push({ p, out, ms: performance.now() - started, bytes: file.bytes.length });
    } catch (e) {
      rows.push({ p, error: e instanceof Error ? e.message : String(e), ms: performance.now() - started, bytes: 0 });
    }
  }
  console.log('\nformat  turns  tokens in/out      findings before → after   credits   ms      prompt');
  let before = 0;
  let after = 0;
  for (const r of rows) {
    const credits = estimateCredits({ format: r.p.format, kind: 'generate', promptChars: r.p.prompt.length, resume: false, slideCount: slideCountFromPrompt(r.p.prompt) });
    if (!r.out) {
      console.log(`${r.p.format.padEnd(7)} FAILED: ${r.error?.slice(0, 200)}   ${r.p.prompt}`);
      continue;
    }
    const first = r.out.reviews[0]?.findings ?? r.out.findings.length;
    before += first;
    after += r.out.findings.length;
    const left = r.out.findings.length ? ` [${[...new Set(r.out.findings.map((f) => f.code))].join(', ')}]` : '';
    console.log(
      `${r.p.format.padEnd(7)} ${String(r.out.turns).padStart(5)}  ${`${r.out.usage.inputTokens}/${r.out.usage.outputTokens}`.padEnd(17)} ${`${first} → ${r.out.findings.length}${left}`.padEnd(25)} ${String(credits).padStart(7)}   ${String(Math.round(r.ms)).padStart(6)}  ${r.p.prompt}`,
    );
  }
  const failed = rows.filter((r) => !r.out).length;
  console.log(`\ntotal findings: ${before} before review → ${after} after; ${failed} failed`);
  if (process.env.AGENT_BENCH_SHOW_FINDINGS) for (const r of rows) for (const f of r.out?.findings ?? []) console.log(`  ${r.p.format} "${r.p.prompt.slice(0, 40)}": [${f.code}] ${f.location}: ${f.message}`);
  if (failed) process.exitCode = 1;
}

runBench(bench);
