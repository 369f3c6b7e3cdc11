// generate_excel, generate_word, generate_slides: POST /{excel,word,slides}/generate, always async
// (the task is queued and the tool answers at once, or after wait_seconds), with the same preflight,
// credits, tenancy and idempotency. The answer is the task object of get_task.
import 'server-only';
import { generateRequestSchema, slidesGenerateRequestSchema, taskSchema } from '../../runs/schemas';
import { startDocumentGeneration } from '../../generation/start-document-generation';
import { defineTool } from '../define-tool';
import { describeTask } from '../describe-task';
import { idempotencyKeyField, waitSecondsField } from '../schemas';

const toolFields = { wait_seconds: waitSecondsField, idempotency_key: idempotencyKeyField };
const generateInput = generateRequestSchema.omit({ async: true }).extend(toolFields);
const slidesInput = slidesGenerateRequestSchema.omit({ async: true }).extend(toolFields);

const COMMON =
  'Without run_id it creates a run (a living document); with run_id it resumes that run: the agent continues from its current document, including edits made in the editor. ' +
  'The task is queued and the answer is the task (task_id, run_id, status); call get_task with the task_id until status is completed — its result has download_url (a signed link to the file) and edit_url (the document in the web editor). ' +
  'Costs credits (failed or cancelled tasks are not charged). file_ids come from upload_file.';

const NOUNS = {
  excel: { title: 'Generate an Excel workbook', what: 'Builds an Excel workbook (.xlsx) from a prompt: sheets, tables, formulas with computed values, charts.' },
  word: { title: 'Generate a Word document', what: 'Builds a Word document (.docx) from a prompt: headings, paragraphs, lists, tables.' },
  slides: {
    title: 'Generate a PowerPoint deck',
    what: 'Builds a PowerPoint deck (.pptx) from a prompt, or exactly from an outline (title, slides with bullets and notes). At most 30 slides per call; grow larger decks with run_id.',
  },
} as const;

function generateTool(format: 'excel' | 'word') {
  return defineTool({
    name: `generate_${format}`,
    title: NOUNS[format].title,
    description: `${NOUNS[format].what} ${COMMON}`,
    input: generateInput,
    output: taskSchema,
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
    idempotent: true,
    run: async ({ wait_seconds, idempotency_key: _key, ...body }, ctx) => {
      const started = await startDocumentGeneration(ctx.db, ctx.auth, format, { ...body, async: true });
      return describeTask(ctx, started.taskId, wait_seconds);
    },
  });
}

export const generateExcelTool = generateTool('excel');
export const generateWordTool = generateTool('word');

export const generateSlidesTool = defineTool({
  name: 'generate_slides',
  title: NOUNS.slides.title,
  description: `${NOUNS.slides.what} ${COMMON}`,
  input: slidesInput,
  output: taskSchema,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  idempotent: true,
  run: async ({ wait_seconds, idempotency_key: _key, ...body }, ctx) => {
    const started = await startDocumentGeneration(ctx.db, ctx.auth, 'slides', { ...body, async: true });
    return describeTask(ctx, started.taskId, wait_seconds);
  },
});
