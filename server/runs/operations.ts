// Contracts of the task and run read endpoints.
import { errorResponses } from '../http/common-schemas';
import { defineOperation } from '../http/define-operation';
import { getRunQuery, runIdParams, runListQuery, runListSchema, runSchema, taskIdParams, taskSchema } from './schemas';

export const getTaskOp = defineOperation({
  method: 'GET',
  path: '/tasks/{task_id}',
  operationId: 'getTask',
  summary: 'Poll a task',
  description:
    'Status (queued → running → completed | failed | cancelled | expired), phase, turn_index and progress while running; result or error when finished. Poll every 2–10 s. ' +
    'A completed task carries a download_url and an edit_url; repeated polls with one key get the same edit_url while it has at least 10 of its 15 minutes left (polling mints no session per request): to give each viewer their own, use GET /runs/{run_id}.',
  tags: ['Tasks'],
  auth: 'apiKey',
  params: taskIdParams,
  responses: { 200: { description: 'The task', schema: taskSchema }, ...errorResponses(400, 401, 404, 429) },
});

export const cancelTaskOp = defineOperation({
  method: 'POST',
  path: '/tasks/{task_id}/cancel',
  operationId: 'cancelTask',
  summary: 'Cancel a task',
  description: 'Cancels a queued or running task; it is not charged. A finished task answers 409.',
  tags: ['Tasks'],
  auth: 'apiKey',
  params: taskIdParams,
  responses: { 200: { description: 'The cancelled task', schema: taskSchema }, ...errorResponses(400, 401, 404, 409, 429) },
});

export const listRunsOp = defineOperation({
  method: 'GET',
  path: '/runs',
  operationId: 'listRuns',
  summary: 'List runs',
  description: 'Newest first. Pass next_cursor as cursor to page forward; filter by format and status.',
  tags: ['Runs'],
  auth: 'apiKey',
  query: runListQuery,
  responses: { 200: { description: 'A page of runs', schema: runListSchema }, ...errorResponses(400, 401, 429) },
});

export const getRunOp = defineOperation({
  method: 'GET',
  path: '/runs/{run_id}',
  operationId: 'getRun',
  summary: 'Retrieve a run',
  description:
    'Run metadata with a freshly signed download_url (24 h) and a freshly minted edit_url (one viewer; 15 min sliding; `edit_mode=view` for a read-only editor). ' +
    'Expired runs still answer, with status expired (and a read-only edit_url until their files are deleted).',
  tags: ['Runs'],
  auth: 'apiKey',
  params: runIdParams,
  query: getRunQuery,
  responses: { 200: { description: 'The run', schema: runSchema }, ...errorResponses(400, 401, 404, 429) },
});

export const downloadRunOp = defineOperation({
  method: 'GET',
  path: '/runs/{run_id}/download',
  operationId: 'downloadRun',
  summary: 'Download the current file',
  description: 'A 302 redirect to a signed URL (24 h) of the run’s current file — the right target for a browser <a href>.',
  tags: ['Runs'],
  auth: 'apiKey',
  params: runIdParams,
  responses: {
    302: { description: 'Redirect to the signed file URL', headers: { Location: { description: 'The signed URL' } } },
    ...errorResponses(400, 401, 404, 410, 429),
  },
});
