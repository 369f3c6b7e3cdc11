// The `ai` SDK's own spans (ai.generateText, one ai.generateText.doGenerate per model call,
// ai.toolCall per tool call) while tracing is on. Prompts and outputs are documents and customer
// data: they are not recorded, only names, token counts, timings and finish reasons.
import type { TelemetrySettings } from 'ai';
import { tracingEnabled } from './tracing-state';

export function aiTelemetry(functionId: string): TelemetrySettings {
  return { isEnabled: tracingEnabled(), functionId, recordInputs: false, recordOutputs: false };
}
