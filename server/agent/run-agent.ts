/**
 * The agent: one task of a run. It loads the document model into format tools, gives the model the
 * request (and on resume the run memory instead of the document), runs the tool loop of the `ai`
 * SDK, and returns the validated new model, the new memory, a summary and the provider's usage.
 */
import { generateText, stepCountIs, type LanguageModel, type ModelMessage } from 'ai';
import type { Finding } from '@/server/documents/common/finding';
import { aiTelemetry } from '../tracing/ai-telemetry';
import { log } from '../log';
import type { AgentTool, ToolOutput } from './tools/define-tool';
import { buildMemory, memoryFromDocument } from './memory/build-memory';
import { aiSettingsFromEnv, resolveModel, type AiSettings } from './providers/resolve-model';
import { systemPrompt, userMessage } from './build-messages';
import { createDeckState, deckTools, finishDeck } from './tools/deck-tools';
import { createDocumentState, documentTools, finishDocument } from './tools/document-tools';
import { fileTools } from './tools/file-tools';
import { createWorkbookState, finishWorkbook, finishWorkbookText, workbookTools, type PendingWorkbook } from './tools/workbook-tools';
import { workbookIndexOfSummary } from './memory/workbook-index';
import { tooLargeToReview } from '@/server/documents/workbook/workbook-size';
import { inspectOutput, type InspectOutput } from './review/inspect-output';
import { reviewMessage } from './review/review-message';
import type { ReviewServices } from './review/review-services';
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
  /** what the inspection still finds after the last review round (the task's result.warnings) */
  findings: Finding[];
  /** findings (and page images) handed back per review round (empty when there was nothing to review) */
  reviews: Array<{ round: number; findings: number; images?: number }>;
}

export interface RunAgentOptions {
  /** provider settings; default: from env() */
  settings?: AiSettings;
  /** a model instance to use instead of the configured one (tests) */
  model?: LanguageModel;
  /** the inspection of the finished document (default: inspectOutput) */
  inspect?: InspectOutput;
  /** what the review may use beyond the model: LibreOffice page counts and page renders */
  review?: ReviewServices;
}

/** Providers whose models read images (the visual review round). */
const VISUAL_PROVIDERS = new Set<string>(['openai', 'anthropic']);

interface FormatSession {
  tools: Record<string, AgentTool>;
  /** the tool that lists the document's structure (what the index in the prompt already shows) */
  listTool: string;
  finish: () => unknown;
  /** the model as the tools left it (built from validated parts; not validated again): what the review inspects */
  current: () => unknown;
  /** the result as JSON text when it was never parsed (see finishWorkbookText) */
  finishText?: () => PendingWorkbook | null;
  changes: () => number;
  /** the document is an uploaded file taken as it is (no tool read or changed it since) */
  fileAsIs?: () => boolean;
  /** false: too large to inspect here; the review is left out */
  reviewable?: () => boolean;
  /** set by runAgent: called after a tool brought a file's content into the document */
  onImported?: () => Promise<void>;
}

function session(input: AgentInput): FormatSession {
  const files: AgentFile[] = input.attachments?.files ?? [];
  const images: AgentImage[] = input.attachments?.images ?? [];
  if (input.format === 'excel') {
    const st = createWorkbookState(input.document, { validated: input.documentValidated });
    const out: FormatSession = {
      tools: baselineAfterImports({ ...workbookTools(st), ...fileTools(files, st) }, () => !!st.pending, () => out.onImported?.()),
      listTool: 'describe_workbook',
      finish: () => finishWorkbook(st),
      current: () => st.wb,
      // a very large workbook is not inspected on the request thread (seconds of formula evaluation)
      reviewable: () => !tooLargeToReview(st.wb),
      finishText: () => finishWorkbookText(st),
      changes: () => st.changes,
      fileAsIs: () => finishWorkbookText(st) !== null,
    };
    return out;
  }
  if (input.format === 'word') {
    const st = createDocumentState(input.document, images);
    return { tools: { ...documentTools(st), ...fileTools(files) }, listTool: 'list_sections', finish: () => finishDocument(st), current: () => st.model, changes: () => st.changes };
  }
  const st = createDeckState(input.document, images);
  return { tools: { ...deckTools(st), ...fileTools(files) }, listTool: 'list_slides', finish: () => finishDeck(st), current: () => st.deck, changes: () => st.changes };
}

/**
 * A file's sheets brought into the workbook are the customer's: their findings join the review's
 * baseline. Copied sheets are inspected right after the import; a whole file kept as its JSON text
 * (not parsed, so that a file taken as it is never is) just before the first tool that reads it.
 */
function baselineAfterImports(tools: Record<string, AgentTool>, pending: () => boolean, imported: () => Promise<void> | undefined): Record<string, AgentTool> {
  let due = false;
  for (const [name, t] of Object.entries(tools)) {
    const execute = t.execute;
    if (!execute) continue;
    t.execute = async (input, options) => {
      if (due && name !== 'import_file_sheets') {
        due = false;
        await imported();
      }
      const result = (await execute(input, options)) as ToolOutput;
      if (name === 'import_file_sheets' && result.ok) {
        if (pending()) due = true;
        else await imported();
      }
      return result;
    };
  }
  return tools;
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
  const inspect = options.inspect ?? inspectOutput;
  const services = options.review ?? {};
  const inspectRaw = async () =>
    s.reviewable?.() === false ? [] : inspect(input.format, s.current(), { prompt: input.prompt, signal: input.signal, ...(services.countPages ? { countPages: services.countPages } : {}) });
  // what the document had before this task: its findings are not this task's to fix
  const baseline = new Set<string>();
  const remember = async () => {
    for (const f of await inspectRaw()) if (!ABOUT_THE_REQUEST.has(f.code)) baseline.add(findingKey(f));
  };
  if (input.document !== null && input.document !== undefined) await remember();
  s.onImported = remember;
  const inspectNow = async () => toFix(await inspectRaw()).filter((f) => !baseline.has(findingKey(f)));

  let turn = 0;
  const messages: ModelMessage[] = [{ role: 'user', content: userMessage(input.prompt, memory, input.attachments) }];
  const usage = { inputTokens: 0, outputTokens: 0 };
  const call = async (maxSteps: number) => {
    const result = await generateText({
      model: resolved.model,
      experimental_telemetry: aiTelemetry('agent'),
      system: systemPrompt(input.format),
      messages,
      tools: s.tools,
      stopWhen: stepCountIs(maxSteps),
      prepareStep: () => (s.changes() === 0 ? { activeTools: withoutList } : undefined),
      maxRetries: settings.maxRetries ?? (resolved.provider === 'offline' ? 0 : 2),
      timeout: { stepMs: settings.timeoutMs },
      ...(input.signal ? { abortSignal: input.signal } : {}),
      onStepFinish: async () => {
        turn++;
        await input.onProgress?.({ phase: 'agent_turn', turnIndex: turn, progress: turnProgress(turn) });
      },
    });
    usage.inputTokens += result.totalUsage.inputTokens ?? 0;
    usage.outputTokens += result.totalUsage.outputTokens ?? 0;
    messages.push(...result.response.messages);
    return result;
  };
  const result = await call(settings.maxTurns);

  if (s.changes() === 0 && (input.document === null || input.document === undefined)) {
    throw new Error(`the model made no changes to the new ${input.format} document (${result.steps.length} turns): ${result.text.slice(0, 300)}`);
  }

  // Review: the model said it is done; what a reviewer would find in *this task's work* is handed
  // back to fix, up to reviewRounds times. What the document already had before the task (the
  // stored version, or a file it imported) is the customer's: neither handed back nor warned about —
  // a task that adds a sheet does not restyle the customer's columns. A task that changed nothing,
  // or only took an uploaded file as it is, is not inspected at all.
  // With visual review (a provider that reads images), the first round also shows the model the
  // rendered pages — held even when the inspection found nothing, since the eye catches more.
  const reviews: AgentOutput['reviews'] = [];
  const rounds = settings.reviewRounds ?? 0;
  const visual = !!settings.visualReview && VISUAL_PROVIDERS.has(resolved.provider) && !!services.pageImages;
  let findings: Finding[] = [];
  const reviewTexts: string[] = [];
  if (s.changes() > 0 && !s.fileAsIs?.()) {
    findings = await inspectNow();
    for (let round = 1; round <= rounds && turn < settings.maxTurns; round++) {
      const images = round === 1 && visual ? await services.pageImages!(input.format, s.current()) : null;
      if (!findings.length && !images?.length) break;
      reviews.push({ round, findings: findings.length, ...(images?.length ? { images: images.length } : {}) });
      await input.onProgress?.({ phase: 'reviewing', turnIndex: turn, progress: turnProgress(turn) });
      const text = reviewMessage(findings, round, rounds, images?.length ?? 0);
      messages.push({ role: 'user', content: images?.length ? [{ type: 'text', text }, ...images.map((image) => ({ type: 'image' as const, image, mediaType: 'image/png' }))] : text });
      const changesBefore = s.changes();
      let again: Awaited<ReturnType<typeof call>>;
      try {
        again = await call(settings.maxTurns - turn);
      } catch (err) {
        // the document as the model left it stands; what the review found is reported, not lost
        if (input.signal?.aborted) throw err;
        const reason = err instanceof Error ? err.message : String(err);
        log().warn({ err: reason, round }, 'agent review round failed');
        findings = [...(await inspectNow()), { code: 'review_incomplete', severity: 'warning', location: 'task', message: `The review could not finish (the model call failed: ${reason.slice(0, 200)}); the findings listed are what it found.` }];
        break;
      }
      const said = again.text.trim();
      if (said) reviewTexts.push(said);
      if (s.changes() === changesBefore) break; // nothing was changed: the same findings stand
      findings = await inspectNow();
    }
  }
  const asText = s.finishText?.() ?? null;
  const document = asText ? null : s.finish();
  const offline = resolved.provider === 'offline';
  const untag = (t: string) => (offline ? t.replace(/\s*\(offline model\)\s*$/, '') : t);
  const text = [result.text.trim(), ...reviewTexts].map(untag).filter(Boolean).join(' ');
  let summary = text || `Applied ${s.changes()} change${s.changes() === 1 ? '' : 's'} to the ${input.format === 'excel' ? 'workbook' : input.format === 'word' ? 'document' : 'deck'}.`;
  if (offline && !summary.includes('(offline model)')) summary += ' (offline model)';
  const sampleData = /sample data|sample-data/i.test(summary);
  const index = asText ? workbookIndexOfSummary(asText.summary) : undefined;
  return {
    document,
    ...(asText ? { documentJson: { json: asText.json, ...(asText.source ? { source: asText.source } : {}) } } : {}),
    memory: buildMemory({ format: input.format, document, previous: memory, prompt: input.prompt, summary, sampleData, ...(index ? { index } : {}) }),
    summary,
    usage,
    turns: turn,
    provider: resolved.provider,
    findings,
    reviews,
  };
}

/**
 * Findings about what this request asks (a page limit the prompt states) are always this task's:
 * one the document already had before ("cut it to one page") still counts.
 */
const ABOUT_THE_REQUEST = new Set(['page_count']);

/** A finding's identity across inspections (its message may change: counts, sizes). */
function findingKey(f: Finding): string {
  return `${f.code}|${f.location}`;
}

/** What is handed back to the model (and left as warnings): errors and warnings, not notes. */
function toFix(findings: Finding[]): Finding[] {
  return findings.filter((f) => f.severity !== 'info');
}
