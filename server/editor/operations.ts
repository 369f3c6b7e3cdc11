// Contracts of the editor endpoints. They are authenticated by the edit token of the edit_url
// (query on GET, body on writes), not by an API key: the editor runs in a cross-origin iframe
// where third-party cookies are blocked.
import { errorResponses } from '../http/common-schemas';
import { defineOperation } from '../http/define-operation';
import { runIdParams } from '../runs/schemas';
import { z } from 'zod';
import {
  revokedEditSessionsSchema,
  editPageQuery,
  editRunParams,
  editTokenQuery,
  editorDocumentSchema,
  editorEventsSchema,
  editorImageIdParams,
  editorImageListQuery,
  editorImageListSchema,
  editorImageSchema,
  MAX_EDITOR_IMAGE_BYTES,
  keepAliveBody,
  keepAliveSchema,
  MAX_EDITOR_BODY_BYTES,
  saveDocumentBody,
  savedDocumentSchema,
} from './schemas';

export const openEditorOp = defineOperation({
  method: 'GET',
  path: '/edit/{run_id}',
  operationId: 'openEditor',
  summary: 'Open the embeddable editor (edit_url)',
  description:
    'The target of a run’s `edit_url`; put it in an `<iframe>`. A valid token redirects to the editor page (`/edit/{run_id}?token=…`). ' +
    'Tokens are opaque, scoped to one run of one organization, minted per viewer (every generation response and `GET /runs/{id}` mints a new one; ' +
    '`GET /runs/{id}?edit_mode=view` mints a read-only one) and valid for 15 minutes after the latest activity — the open editor keeps it alive. ' +
    'An expired or wrong token answers a small HTML page that says so. Framing is allowed by `Content-Security-Policy: frame-ancestors` (EDITOR_FRAME_ANCESTORS, default `*`); ' +
    'responses send `Referrer-Policy: no-referrer` so the token never leaks in a Referer.',
  tags: ['Editor'],
  auth: 'none',
  params: editRunParams,
  query: editPageQuery,
  responses: {
    302: { description: 'Redirect to the editor page', headers: { Location: { description: 'The editor page URL' } } },
    401: { description: 'HTML page: the link has expired', contentType: 'text/html' },
    404: { description: 'HTML page: the link is not valid for this run', contentType: 'text/html' },
    410: { description: 'HTML page: the run’s files were deleted', contentType: 'text/html' },
  },
});

export const getEditorDocumentOp = defineOperation({
  method: 'GET',
  path: '/edit/{run_id}/document',
  operationId: 'getEditorDocument',
  summary: 'Editor: load the document',
  description: 'The run’s current document model and version, for the editor page. Counts as activity (the token’s expiry slides to now + 15 min).',
  tags: ['Editor'],
  auth: 'none',
  params: editRunParams,
  query: editTokenQuery,
  responses: { 200: { description: 'The document', schema: editorDocumentSchema }, ...errorResponses(400, 401, 404, 410) },
});

export const saveEditorDocumentOp = defineOperation({
  method: 'PUT',
  path: '/edit/{run_id}/document',
  operationId: 'saveEditorDocument',
  summary: 'Editor: save an edit',
  description:
    'Applies an edit made on `base_version` and stores the result as the next version (source `editor`); the next `download_url` serves the edited file and a resumed ' +
    'generate call starts from it. Workbooks take cell patches (styles, charts and tables stay), documents take the new tiptap body, decks take text and order changes and slide / element ops (add, duplicate, delete, move slides; move, resize, format elements; table cells; chart data; images as data: URLs). ' +
    'Edits made on an older `base_version` are merged with what was stored since (other viewers, the agent): cells (sheet + address), sheet settings and sheets; document blocks, and the words of a paragraph both sides changed; ' +
    'slides, slide fields, bullets and elements. `merged: true` says the stored result holds more than your edit (load it). ' +
    'The same thing changed on both sides answers 409 `reason: "conflict"` with `details.conflicts` [{target, label, yours, theirs}] and `current_version`, and writes nothing: send the same request again with `resolve` {version: current_version, choices: {target: "yours" | "theirs"}}. ' +
    '409 `reason: "task_running"` while an agent task works on the run (save again when it has finished: the edit is merged then). 403 with a read-only token. Bad input writes nothing.',
  tags: ['Editor'],
  auth: 'none',
  params: editRunParams,
  body: saveDocumentBody,
  maxBodyBytes: MAX_EDITOR_BODY_BYTES,
  responses: { 200: { description: 'Saved', schema: savedDocumentSchema }, ...errorResponses(400, 401, 403, 404, 409, 410, 413, 415) },
});

export const editorEventsOp = defineOperation({
  method: 'GET',
  path: '/edit/{run_id}/events',
  operationId: 'editorEvents',
  summary: 'Editor: live updates and presence',
  description:
    'A `text/event-stream` for the open editor: a `version` event within a second of any new version of the run (another viewer’s save, an agent task, a restore) on any instance ' +
    '(PostgreSQL LISTEN/NOTIFY between instances), and `presence` when editors open or close. The editor then loads the document and keeps its unsaved edits (they merge on save).',
  tags: ['Editor'],
  auth: 'none',
  params: editRunParams,
  query: editTokenQuery,
  responses: { 200: { description: 'The event stream', contentType: 'text/event-stream', schema: editorEventsSchema }, ...errorResponses(400, 401, 404, 410) },
});

export const keepEditorAliveOp = defineOperation({
  method: 'POST',
  path: '/edit/{run_id}/keepalive',
  operationId: 'keepEditorAlive',
  summary: 'Editor: keep the session alive',
  description: 'Sent by the open editor while it is visible; slides the token’s expiry to now + 15 min.',
  tags: ['Editor'],
  auth: 'none',
  params: editRunParams,
  body: keepAliveBody,
  responses: { 200: { description: 'The session', schema: keepAliveSchema }, ...errorResponses(400, 401, 404, 410) },
});

export const revokeEditSessionsOp = defineOperation({
  method: 'DELETE',
  path: '/runs/{run_id}/edit-sessions',
  operationId: 'revokeEditSessions',
  summary: 'Revoke every edit_url of a run',
  description:
    'Ends every edit session of the run at once (a leaked `edit_url` stops working: its next request answers 404, like a made-up token). ' +
    'New edit_urls can be minted afterwards as usual. Edit sessions also end with the API key that minted them (revoked or expired) and with a removed member.',
  tags: ['Editor'],
  auth: 'apiKey',
  params: runIdParams,
  responses: { 200: { description: 'How many sessions ended', schema: revokedEditSessionsSchema }, ...errorResponses(400, 401, 404, 429) },
});

const editorImageForm = z
  .strictObject({ file: z.string().meta({ format: 'binary', description: 'The image: png, jpeg or gif.' }) })
  .meta({ id: 'EditorImageUploadForm' });

export const uploadEditorImageOp = defineOperation({
  method: 'POST',
  path: '/edit/{run_id}/images',
  operationId: 'uploadEditorImage',
  summary: 'Editor: upload an image',
  description:
    'Request: `multipart/form-data` with one part `file`. The type is sniffed from the content: png, jpeg or gif (WebP answers 415: Word and PowerPoint files cannot embed it). ' +
    `At most ${MAX_EDITOR_IMAGE_BYTES / 1024 / 1024} MiB (413) and MAX_IMAGE_PIXELS pixels, read from the header before decoding (413); a damaged header answers 422. ` +
    'The image is kept in the organization’s image library (tag `editor`) and returned as a data: URL for the document. 403 with a read-only token.',
  tags: ['Editor'],
  auth: 'none',
  params: editRunParams,
  query: editTokenQuery,
  form: editorImageForm,
  responses: { 201: { description: 'The stored image', schema: editorImageSchema }, ...errorResponses(400, 401, 403, 404, 410, 413, 415, 422) },
});

export const listEditorImagesOp = defineOperation({
  method: 'GET',
  path: '/edit/{run_id}/images',
  operationId: 'listEditorImages',
  summary: 'Editor: list the image library',
  description: 'The images of the run’s organization, newest first, for the editor’s image dialog. 403 with a read-only token.',
  tags: ['Editor'],
  auth: 'none',
  params: editRunParams,
  query: editorImageListQuery,
  responses: { 200: { description: 'A page of images', schema: editorImageListSchema }, ...errorResponses(400, 401, 403, 404, 410) },
});

export const getEditorImageOp = defineOperation({
  method: 'GET',
  path: '/edit/{run_id}/images/{image_id}',
  operationId: 'getEditorImage',
  summary: 'Editor: an image to insert',
  description: 'One library image of the run’s organization as a data: URL with its size (another organization’s image is 404). 403 with a read-only token.',
  tags: ['Editor'],
  auth: 'none',
  params: editorImageIdParams,
  query: editTokenQuery,
  responses: { 200: { description: 'The image', schema: editorImageSchema }, ...errorResponses(400, 401, 403, 404, 410, 413, 415, 422) },
});
