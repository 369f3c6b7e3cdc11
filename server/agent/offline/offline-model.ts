/**
 * The offline model: a deterministic implementation of the AI SDK's language-model interface
 * (LanguageModelV3). It reads the request (and on resume the run memory) from the user message and
 * answers with tool calls, one batch per turn, through the same loop and tools as a real model;
 * then with a summary that says the offline model was used. Same input → same output.
 */
import type {
  LanguageModelV3,
  LanguageModelV3CallOptions,
  LanguageModelV3Content,
  LanguageModelV3GenerateResult,
  LanguageModelV3Prompt,
  LanguageModelV3StreamPart,
  LanguageModelV3StreamResult,
  LanguageModelV3Usage,
} from '@ai-sdk/provider';
import { parseUserMessage } from '../build-messages';
import { isReviewMessage } from '../review/review-message';
import { planReview } from './plan-review';
import { estimateTokens } from '../estimate-tokens';
import { planDeck } from './plan-deck';
import { planDocument } from './plan-document';
import { planWorkbook } from './plan-workbook';
import type { OfflinePlan, PlanInput } from './plan-types';
import { respondJson, respondText } from './respond-text';

export const OFFLINE_MODEL_ID = 'docsmith-offline-1';

function textOf(content: ReadonlyArray<{ type: string; text?: string }>): string {
  return content
    .filter((p) => p.type === 'text')
    .map((p) => p.text ?? '')
    .join('\n');
}

/** The last user message, the turns since it, and the tool outputs the model has seen since it. */
function conversation(prompt: LanguageModelV3Prompt): { system: string; user: string; turns: number; results: unknown[]; byTurn: unknown[][]; errors: string[] } {
  let lastUser = -1;
  prompt.forEach((m, i) => {
    if (m.role === 'user') lastUser = i;
  });
  const system = prompt
    .filter((m) => m.role === 'system')
    .map((m) => (m.role === 'system' ? m.content : ''))
    .join('\n');
  const userMsg = prompt[lastUser];
  const user = userMsg && userMsg.role === 'user' ? textOf(userMsg.content) : '';
  let turns = 0;
  const results: unknown[] = [];
  const byTurn: unknown[][] = [];
  const errors: string[] = [];
  for (const m of prompt.slice(lastUser + 1)) {
    if (m.role === 'assistant') {
      turns++;
      byTurn.push([]);
    }
    if (m.role !== 'tool') continue;
    for (const part of m.content) {
      if (part.type !== 'tool-result') continue;
      const out = part.output;
      const value: unknown = out.type === 'json' ? out.value : out.type === 'text' ? out.value : out.type === 'error-text' ? { ok: false, error: out.value } : out.type === 'error-json' ? { ok: false, error: JSON.stringify(out.value) } : undefined;
      results.push(value);
      byTurn[byTurn.length - 1]?.push(value);
      if (value && typeof value === 'object' && (value as { ok?: unknown }).ok === false) errors.push(`${part.toolName}: ${String((value as { error?: unknown }).error)}`);
    }
  }
  return { system, user, turns, results, byTurn, errors };
}

function usage(input: number, output: number): LanguageModelV3Usage {
  return {
    inputTokens: { total: input, noCache: input, cacheRead: 0, cacheWrite: 0 },
    outputTokens: { total: output, text: output, reasoning: 0 },
  };
}

function buildPlan(toolNames: Set<string>, input: PlanInput): OfflinePlan {
  if (toolNames.has('write_range')) return planWorkbook(input);
  if (toolNames.has('append_section')) return planDocument(input);
  if (toolNames.has('add_slides')) return planDeck(input);
  return { batches: [], summary: 'Nothing to do. (offline model)' };
}

/**
 * The model is called once per turn with the same request: the plan (pure, deterministic; its
 * computed batches depend only on the tool results they are given) is made once and kept for the
 * next turns of the task. A few recent plans are kept.
 */
const recentPlans = new Map<string, OfflinePlan>();
function planFor(toolNames: Set<string>, input: PlanInput): OfflinePlan {
  const key = JSON.stringify([[...toolNames].sort(), input]);
  const hit = recentPlans.get(key);
  if (hit) return hit;
  const plan = buildPlan(toolNames, input);
  recentPlans.set(key, plan);
  if (recentPlans.size > 16) recentPlans.delete(recentPlans.keys().next().value!);
  return plan;
}

export class OfflineLanguageModel implements LanguageModelV3 {
  readonly specificationVersion = 'v3' as const;
  readonly provider = 'offline';
  readonly modelId = OFFLINE_MODEL_ID;
  readonly supportedUrls: Record<string, RegExp[]> = {};

  async doGenerate(options: LanguageModelV3CallOptions): Promise<LanguageModelV3GenerateResult> {
    options.abortSignal?.throwIfAborted();
    const conv = conversation(options.prompt);
    const inputTokens = estimateTokens(JSON.stringify(options.prompt) + JSON.stringify(options.tools ?? []));
    const content: LanguageModelV3Content[] = [];
    let finish: 'stop' | 'tool-calls' = 'stop';
    const toolNames = new Set((options.tools ?? []).map((t) => t.name));
    if (options.responseFormat?.type === 'json') {
      content.push({ type: 'text', text: JSON.stringify(respondJson(options.responseFormat.name ?? '', conv.system, conv.user)) });
    } else if (toolNames.size === 0) {
      content.push({ type: 'text', text: respondText(conv.system, conv.user) });
    } else {
      const parsed = isReviewMessage(conv.user) ? null : parseUserMessage(conv.user);
      const plan = parsed ? planFor(toolNames, { request: parsed.request, ...(parsed.memory ? { memory: parsed.memory } : {}), attachments: parsed.attachments }) : planReview(conv.user, toolNames);
      const batch = plan.batches[conv.turns];
      const calls = batch === undefined ? undefined : typeof batch === 'function' ? batch(conv.results, conv.byTurn) : batch;
      if (calls && calls.length) {
        calls.forEach((c, i) => content.push({ type: 'tool-call', toolCallId: `offline_${conv.turns}_${i}`, toolName: c.toolName, input: JSON.stringify(c.input) }));
        finish = 'tool-calls';
      } else if (calls && conv.turns + 1 < plan.batches.length) {
        // an empty computed batch: nothing to do this turn, say so and let the loop continue
        content.push({ type: 'tool-call', toolCallId: `offline_${conv.turns}_noop`, toolName: [...toolNames].find((n) => n.startsWith('describe_') || n.startsWith('list_')) ?? [...toolNames][0]!, input: '{}' });
        finish = 'tool-calls';
      } else {
        const errors = conv.errors.length ? ` ${conv.errors.length} tool call${conv.errors.length > 1 ? 's' : ''} failed (first: ${conv.errors[0]!.slice(0, 200)}).` : '';
        content.push({ type: 'text', text: `${typeof plan.summary === 'function' ? plan.summary(conv.byTurn) : plan.summary}${errors}` });
      }
    }
    const outputTokens = estimateTokens(JSON.stringify(content));
    return {
      content,
      finishReason: { unified: finish, raw: finish },
      usage: usage(inputTokens, outputTokens),
      warnings: [],
      response: { id: `offline-${conv.turns}`, modelId: OFFLINE_MODEL_ID, timestamp: new Date(0) },
    };
  }

  async doStream(options: LanguageModelV3CallOptions): Promise<LanguageModelV3StreamResult> {
    const r = await this.doGenerate(options);
    const parts: LanguageModelV3StreamPart[] = [{ type: 'stream-start', warnings: [] }];
    r.content.forEach((c, i) => {
      if (c.type === 'text') {
        parts.push({ type: 'text-start', id: `t${i}` }, { type: 'text-delta', id: `t${i}`, delta: c.text }, { type: 'text-end', id: `t${i}` });
      } else if (c.type === 'tool-call') parts.push(c);
    });
    parts.push({ type: 'finish', usage: r.usage, finishReason: r.finishReason });
    return {
      stream: new ReadableStream<LanguageModelV3StreamPart>({
        start(controller) {
          for (const p of parts) controller.enqueue(p);
          controller.close();
        },
      }),
    };
  }
}
