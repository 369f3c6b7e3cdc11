/** Chooses the language model from configuration: offline (default), openai, anthropic, openai-compatible. */
import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { LanguageModel } from 'ai';
import { env, type Env } from '@/server/env';
import { OfflineLanguageModel } from '../offline/offline-model';

export type AiProvider = Env['AI_PROVIDER'];

export interface AiSettings {
  provider: AiProvider;
  model?: string;
  baseUrl?: string;
  apiKey?: string;
  maxTurns: number;
  timeoutMs: number;
  /** retries of a failed model call (network errors, 429, 5xx) */
  maxRetries?: number;
  /** review rounds after the model says it is done (0 or absent: none) */
  reviewRounds?: number;
  /** one review round attaches PNG renders (providers that accept images) */
  visualReview?: boolean;
}

export const DEFAULT_MODELS: Record<Exclude<AiProvider, 'offline' | 'openai-compatible'>, string> = {
  openai: 'gpt-4.1-mini',
  anthropic: 'claude-sonnet-4-5',
};

export function aiSettingsFromEnv(e: Env = env()): AiSettings {
  const apiKey = e.AI_API_KEY ?? (e.AI_PROVIDER === 'anthropic' ? e.ANTHROPIC_API_KEY : e.AI_PROVIDER === 'offline' ? undefined : e.OPENAI_API_KEY);
  return {
    provider: e.AI_PROVIDER,
    ...(e.AI_MODEL ? { model: e.AI_MODEL } : {}),
    ...(e.AI_BASE_URL ? { baseUrl: e.AI_BASE_URL } : {}),
    ...(apiKey ? { apiKey } : {}),
    maxTurns: e.AI_MAX_TURNS,
    timeoutMs: e.AI_TIMEOUT_MS,
    reviewRounds: e.AI_REVIEW_ROUNDS,
    visualReview: e.AI_VISUAL_REVIEW,
  };
}

export interface ResolvedModel {
  model: LanguageModel;
  provider: AiProvider;
  modelId: string;
}

export function resolveModel(s: AiSettings): ResolvedModel {
  switch (s.provider) {
    case 'offline': {
      const model = new OfflineLanguageModel();
      return { model, provider: 'offline', modelId: model.modelId };
    }
    case 'openai': {
      if (!s.apiKey) throw new Error('AI_PROVIDER=openai needs AI_API_KEY (or OPENAI_API_KEY)');
      const modelId = s.model ?? DEFAULT_MODELS.openai;
      // Chat Completions: spoken by OpenAI and by the proxies AI_BASE_URL may point at.
      const openai = createOpenAI({ apiKey: s.apiKey, ...(s.baseUrl ? { baseURL: s.baseUrl } : {}) });
      return { model: openai.chat(modelId), provider: 'openai', modelId };
    }
    case 'anthropic': {
      if (!s.apiKey) throw new Error('AI_PROVIDER=anthropic needs AI_API_KEY (or ANTHROPIC_API_KEY)');
      const modelId = s.model ?? DEFAULT_MODELS.anthropic;
      const anthropic = createAnthropic({ apiKey: s.apiKey, ...(s.baseUrl ? { baseURL: s.baseUrl } : {}) });
      return { model: anthropic(modelId), provider: 'anthropic', modelId };
    }
    case 'openai-compatible': {
      if (!s.baseUrl) throw new Error('AI_PROVIDER=openai-compatible needs AI_BASE_URL');
      if (!s.model) throw new Error('AI_PROVIDER=openai-compatible needs AI_MODEL');
      const p = createOpenAICompatible({ name: 'openai-compatible', baseURL: s.baseUrl, ...(s.apiKey ? { apiKey: s.apiKey } : {}), includeUsage: true });
      return { model: p.chatModel(s.model), provider: 'openai-compatible', modelId: s.model };
    }
  }
}
