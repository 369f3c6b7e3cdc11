/** POST /slides/outline: a slide outline (title + slides with bullets and notes) to preview before /slides/generate. */
import { generateText, Output, type LanguageModel } from 'ai';
import { aiTelemetry } from '../tracing/ai-telemetry';
import { z } from 'zod';
import { MAX_SLIDES_PER_CALL } from '@/server/documents/deck/schema';
import { aiSettingsFromEnv, resolveModel, type AiSettings } from './providers/resolve-model';
import type { AgentUsage } from './types';

export const outlineSchema = z.object({
  title: z.string().min(1).max(200),
  slides: z
    .array(z.object({ title: z.string().min(1).max(200), bullets: z.array(z.string().max(300)).max(12), notes: z.string().max(4000).optional() }))
    .min(1)
    .max(MAX_SLIDES_PER_CALL),
});

export type SlideOutline = z.infer<typeof outlineSchema>;

export interface GenerateOutlineInput {
  prompt: string;
  /** 1–30; default: what the prompt says, else about 6 */
  slideCount?: number;
  signal?: AbortSignal;
}

export interface GenerateOutlineOptions {
  settings?: AiSettings;
  model?: LanguageModel;
}

export async function generateOutline(
  input: GenerateOutlineInput,
  options: GenerateOutlineOptions = {},
): Promise<SlideOutline & { usage: AgentUsage; provider: string }> {
  if (input.slideCount !== undefined && (!Number.isInteger(input.slideCount) || input.slideCount < 1 || input.slideCount > MAX_SLIDES_PER_CALL)) {
    throw new RangeError(`slideCount must be an integer from 1 to ${MAX_SLIDES_PER_CALL}`);
  }
  const settings = options.settings ?? aiSettingsFromEnv();
  const resolved = options.model ? { model: options.model, provider: settings.provider } : resolveModel(settings);
  const result = await generateText({
    model: resolved.model,
    experimental_telemetry: aiTelemetry('generate-outline'),
    system: `You plan slide decks. Answer with JSON: a deck title and ${input.slideCount ? `exactly ${input.slideCount}` : `at most ${MAX_SLIDES_PER_CALL}`} slides, each with a short title, 0–6 short bullets and optional speaker notes. The first slide is the title slide.`,
    prompt: `<request>\n${input.prompt}\n</request>${input.slideCount ? `\n<slide_count>${input.slideCount}</slide_count>` : ''}`,
    output: Output.object({ schema: outlineSchema, name: 'slide_outline' }),
    maxRetries: settings.maxRetries ?? (resolved.provider === 'offline' ? 0 : 2),
    timeout: { stepMs: settings.timeoutMs },
    ...(input.signal ? { abortSignal: input.signal } : {}),
  });
  const outline = result.output;
  const slides = input.slideCount ? outline.slides.slice(0, input.slideCount) : outline.slides;
  return {
    title: outline.title,
    slides,
    usage: { inputTokens: result.totalUsage.inputTokens ?? 0, outputTokens: result.totalUsage.outputTokens ?? 0 },
    provider: resolved.provider,
  };
}

/** A /slides/generate prompt that asks the agent to build exactly this outline. */
export function outlineToPrompt(outline: SlideOutline, extra?: string): string {
  const lines = outline.slides.map((s, i) => `${i + 1}. ${s.title}${s.bullets.length ? `\n${s.bullets.map((b) => `   - ${b}`).join('\n')}` : ''}${s.notes ? `\n   notes: ${s.notes}` : ''}`);
  return `Build this deck titled "${outline.title}" with exactly ${outline.slides.length} slides, in this order:\n${lines.join('\n')}${extra ? `\n\n${extra}` : ''}`;
}
