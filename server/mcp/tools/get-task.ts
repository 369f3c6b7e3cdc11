// get_task: GET /tasks/{task_id}, with an optional bounded wait for the task to finish.
import 'server-only';
import { taskIdParams, taskSchema } from '../../runs/schemas';
import { defineTool } from '../define-tool';
import { describeTask } from '../describe-task';
import { waitSecondsField } from '../schemas';

export const getTaskTool = defineTool({
  name: 'get_task',
  title: 'Get a task',
  description:
    'The state of a task started by a generate or analyze tool: status (queued → running → completed | failed | cancelled | expired), phase and progress while running; ' +
    'when completed, result has download_url (signed link to the file), edit_url (the document in the web editor), summary, and for analyses answer and cells_used; when failed, error. ' +
    'Pass wait_seconds to wait for the end instead of calling again at once.',
  input: taskIdParams.extend({ wait_seconds: waitSecondsField }),
  output: taskSchema,
  annotations: { readOnlyHint: true, openWorldHint: false },
  run: ({ task_id, wait_seconds }, ctx) => describeTask(ctx, task_id, wait_seconds),
});
