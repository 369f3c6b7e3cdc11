/**
 * The agent: one task of a run. It loads the document model into format tools, gives the model the
 * request (and on resume the run memory instead of the document), runs the tool loop of the `ai`
 * SDK, and returns the validated new model, the new memory, a summary and the provider's usage.
 */
import { generateText, stepCountIs, type LanguageModel } from 'ai';
import { aiTelemetry } from '../tracing/ai-telemetry';
import type { AgentTool } from './tools/define-tool';
import { buildMemory, memoryFromDocument } from './memory/build-memory';
import { aiSettingsFromEnv, resolveModel, type AiSettings } from './providers/resolve-model';
import { systemPrompt, userMessage } from './build-messages';
import { createDeckState, deckTools, finishDeck } from './tools/deck-tools';
import { createDocumentState, documentTools, finishDocument } from './tools/document-tools';
import { fileTools } from './tools/file-tools';
import { createWorkbookState, finishWorkbook, finishWorkbookText, workbookTools, type PendingWorkbook } from './tools/workbook-tools';
import { workbookIndexOfSummary } from './memory/workbook-index';
import type { AgentAttachments, AgentFile, AgentFormat, AgentImage, AgentUsage, RunMemory } from './types';

export type { AgentFile, AgentImage, RunMemory };

export interface AgentProgress {
  phase: string;
  turnIndex: number;
  progress: number;
}

export interface AgentInput {
  format: AgentFormat;
  prompt: string;
  /** the current model (WorkbookModel / DocumentModel / DeckModel from server/documents) or null for a new run */
  document: unknown;
  /** the document is a stored version's model, validated when it was stored (a workbook is not validated again) */
  documentValidated?: boolean;
  /** from the previous task of this run */
  memory: RunMemory | null;
  attachments?: AgentAttachments;
  onProgress?: (p: AgentProgress) => void | Promise<void>;
  signal?: AbortSignal;
}

export interface AgentOutput {
  /** the new model (validated by the documents zod schema); null when it is given as `documentJson` */
  document: unknown;
  /**
   * A workbook that is an uploaded file as its reader made it (no tool read or changed it): its
   * JSON text and the source package, to be stored as they are.
   */
  documentJson?: { json: string; source?: { blobKey: string; sha256: string } };
  memory: RunMemory;
  /** what this task did; says "(offline model)" when the offline model was used */
  summary: string;
  usage: AgentUsage;
  turns: number;
  provider: string;
}

export interface RunAgentOptions {
  /** provider settings; default: from env() */
  settings?: AiSettings;
  /** a model instance to use instead of the configured one (tests) */
  model?: LanguageModel;
}

interface FormatSession {
  tools: Record<string, AgentTool>;
  /** the tool that lists the document's structure (what the index in the prompt already shows) */
  listTool: string;
  finish: () => unknown;
  /** the result as JSON text when it was never parsed (see finishWorkbookText) */
  finishText?: () => PendingWorkbook | null;
  changes: () => number;
}

function session(input: AgentInput): FormatSession {
  const files: AgentFile[] = input.attachments?.files ?? [];
  const images: AgentImage[] = input.attachments?.images ?? [];
  if (input.format === 'excel') {
    const st = createWorkbookState(input.document, { validated: input.documentValidated });
    return {
      tools: { ...workbookTools(st), ...fileTools(files, st) },
      listTool: 'describe_workbook',
      finish: () => finishWorkbook(st),
      finishText: () => finishWorkbookText(st),
      changes: () => st.changes,
    };
  }
  if (input.format === 'word') {
    const st = createDocumentState(input.document, images);
    return { tools: { ...documentTools(st), ...fileTools(files) }, listTool: 'list_sections', finish: () => finishDocument(st), changes: () => st.changes };
  }
  const st = createDeckState(input.document, images);
  return { tools: { ...deckTools(st), ...fileTools(files) }, listTool: 'list_slides', finish: () => finishDeck(st), changes: () => st.changes };
}

/** Progress rises with each turn and approaches (never reaches) 95 %. */
export function turnProgress(turn: number): number {
  return Math.min(95, Math.round(10 + (85 * turn) / (turn + 4)));
}

export async function runAgent(input: AgentInput, options: RunAgentOptions = {}): Promise<AgentOutput> {
  const settings = options.settings ?? aiSettingsFromEnv();
  const resolved = options.model ? { model: options.model, provider: settings.provider } : resolveModel(settings);
  const s = session(input);
  // A document without memory (uploaded, or edited by a person before any agent task) gets an index built from it.
  const memory = input.memory ?? (input.document !== null && input.document !== undefined ? memoryFromDocument(input.format, s.finish()) : null);

  // Until this task changes the document, listing its structure would repeat what the prompt already
  // holds (the memory index, or an empty new document): the list tool is offered from then on only.
  const withoutList = Object.keys(s.tools).filter((name) => name !== s.listTool);
  let turn = 0;
  const result = await generateText({
    model: resolved.model,
    experimental_telemetry: aiTelemetry('agent'),
    system: systemPrompt(input.format),
    messages: [{ role: 'user', content: userMessage(input.prompt, memory, input.attachments) }],
    tools: s.tools,
    stopWhen: stepCountIs(settings.maxTurns),
    prepareStep: () => (s.changes() === 0 ? { activeTools: withoutList } : undefined),
    maxRetries: settings.maxRetries ?? (resolved.provider === 'offline' ? 0 : 2),
    timeout: { stepMs: settings.timeoutMs },
    ...(input.signal ? { abortSignal: input.signal } : {}),
    onStepFinish: async () => {
      turn++;
      await input.onProgress?.({ phase: 'agent_turn', turnIndex: turn, progress: turnProgress(turn) });
    },
  });

  if (s.changes() === 0 && (input.document === null || input.document === undefined)) {
    throw new Error(`the model made no changes to the new ${input.format} document (${result.steps.length} turns): ${result.text.slice(0, 300)}`);
  }
  const asText = s.finishText?.() ?? null;
  const document = asText ? null : s.finish();
  const text = result.text.trim();
  const offline = resolved.provider === 'offline';
  let summary = text || `Applied ${s.changes()} change${s.changes() === 1 ? '' : 's'} to the ${input.format === 'excel' ? 'workbook' : input.format === 'word' ? 'document' : 'deck'}.`;
  if (offline && !summary.includes('(offline model)')) summary += ' (offline model)';
  const sampleData = /sample data|sample-data/i.test(summary);
  const index = asText ? workbookIndexOfSummary(asText.summary) : undefined;
  return {
    document,
    ...(asText ? { documentJson: { json: asText.json, ...(asText.source ? { source: asText.source } : {}) } } : {}),
    memory: buildMemory({ format: input.format, document, previous: memory, prompt: input.prompt, summary, sampleData, ...(index ? { index } : {}) }),
    summary,
    usage: { inputTokens: result.totalUsage.inputTokens ?? 0, outputTokens: result.totalUsage.outputTokens ?? 0 },
    turns: result.steps.length,
    provider: resolved.provider,
  };
}
