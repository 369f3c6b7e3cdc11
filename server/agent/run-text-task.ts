/** POST /text/generate, /text/summarize, /text/rewrite: one model call, plain text out. */
import { generateText, type LanguageModel } from 'ai';
import { aiTelemetry } from '../tracing/ai-telemetry';
import { aiSettingsFromEnv, resolveModel, type AiSettings } from './providers/resolve-model';
import type { AgentUsage } from './types';

export interface TextTaskInput {
  kind: 'generate' | 'summarize' | 'rewrite';
  prompt: string;
  /** the text to summarize or rewrite */
  text?: string;
  /** rewrite style, e.g. "formal", "concise", "friendly" */
  style?: string;
  signal?: AbortSignal;
}

export interface TextTaskOutput {
  text: string;
  usage: AgentUsage;
  provider: string;
}

const SYSTEM: Record<TextTaskInput['kind'], string> = {
  generate: 'Task: generate. Write the text the user asks for. Answer with the text only, no preamble.',
  summarize: 'Task: summarize. Summarize the text in <text> faithfully and briefly, following any instructions in <request>. Answer with the summary only.',
  rewrite: 'Task: rewrite. Rewrite the text in <text> in the style in <style>, keeping its meaning and facts. Answer with the rewritten text only.',
};

export async function runTextTask(input: TextTaskInput, options: { settings?: AiSettings; model?: LanguageModel } = {}): Promise<TextTaskOutput> {
  if (input.kind !== 'generate' && !input.text?.trim()) throw new RangeError(`text is required for ${input.kind}`);
  const settings = options.settings ?? aiSettingsFromEnv();
  const resolved = options.model ? { model: options.model, provider: settings.provider } : resolveModel(settings);
  const parts = [`<request>\n${input.prompt}\n</request>`];
  if (input.text !== undefined) parts.push(`<text>\n${input.text}\n</text>`);
  if (input.style) parts.push(`<style>${input.style}</style>`);
  const result = await generateText({
    model: resolved.model,
    experimental_telemetry: aiTelemetry('text-task'),
    system: SYSTEM[input.kind],
    prompt: parts.join('\n'),
    maxRetries: settings.maxRetries ?? (resolved.provider === 'offline' ? 0 : 2),
    timeout: { stepMs: settings.timeoutMs },
    ...(input.signal ? { abortSignal: input.signal } : {}),
  });
  return {
    text: result.text.trim(),
    usage: { inputTokens: result.totalUsage.inputTokens ?? 0, outputTokens: result.totalUsage.outputTokens ?? 0 },
    provider: resolved.provider,
  };
}
