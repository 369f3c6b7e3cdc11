// Contracts of the upload endpoints. Uploads are multipart/form-data, parsed by the services
// (withApi only parses JSON bodies), so the operations declare the form for the document only.
import { errorResponses } from '../http/common-schemas';
import { defineOperation } from '../http/define-operation';
import { imageIdParams, imageListQuery, imageListSchema, imageSchema, fileSchema, uploadFileForm, uploadImageForm } from './schemas';
import { MAX_CAPTION_LENGTH, MAX_TAGS, MAX_TAG_LENGTH } from './upload-metadata';

const SIZE_NOTE = 'At most MAX_UPLOAD_BYTES (default 25 MiB; 413 above, checked from Content-Length and from the bytes read).';

export const uploadFileOp = defineOperation({
  method: 'POST',
  path: '/files',
  operationId: 'uploadFile',
  summary: 'Upload a file',
  description:
    'Request: `multipart/form-data` with one part `file` (no other fields). Accepted: xlsx, docx, pptx, csv, txt/markdown, pdf, png, jpeg, gif, webp — ' +
    'the type is detected from the content (magic bytes, OOXML part names, UTF-8 text), never from the name; anything else answers 415. ' +
    `${SIZE_NOTE} Use the returned id in \`file_ids\` of generation requests or as \`file_id\` of /excel/analyze.`,
  tags: ['Files'],
  auth: 'apiKey',
  form: uploadFileForm,
  responses: { 201: { description: 'The stored file', schema: fileSchema }, ...errorResponses(400, 401, 413, 415, 429) },
});

export const uploadImageOp = defineOperation({
  method: 'POST',
  path: '/images',
  operationId: 'uploadImage',
  summary: 'Upload an image',
  description:
    'Request: `multipart/form-data` with a part `file` (png, jpeg, gif or webp, detected from the magic bytes — a file merely named .png answers 415), ' +
    `optional \`tags\` (comma-separated and/or repeated; at most ${MAX_TAGS}, each ≤ ${MAX_TAG_LENGTH} characters) and optional \`caption\` (≤ ${MAX_CAPTION_LENGTH} characters). ` +
    `Other fields answer 400. ${SIZE_NOTE} Use the returned id in \`image_ids\` of generation requests.`,
  tags: ['Images'],
  auth: 'apiKey',
  form: uploadImageForm,
  responses: { 201: { description: 'The stored image', schema: imageSchema }, ...errorResponses(400, 401, 413, 415, 429) },
});

export const listImagesOp = defineOperation({
  method: 'GET',
  path: '/images',
  operationId: 'listImages',
  summary: 'List images',
  description: 'Newest first. Pass next_cursor as cursor to page forward; filter by tag. Each item has a freshly signed url.',
  tags: ['Images'],
  auth: 'apiKey',
  query: imageListQuery,
  responses: { 200: { description: 'A page of images', schema: imageListSchema }, ...errorResponses(400, 401, 429) },
});

export const getImageOp = defineOperation({
  method: 'GET',
  path: '/images/{id}',
  operationId: 'getImage',
  summary: 'Retrieve an image',
  description: 'The image with a freshly signed url.',
  tags: ['Images'],
  auth: 'apiKey',
  params: imageIdParams,
  responses: { 200: { description: 'The image', schema: imageSchema }, ...errorResponses(400, 401, 404, 429) },
});

export const deleteImageOp = defineOperation({
  method: 'DELETE',
  path: '/images/{id}',
  operationId: 'deleteImage',
  summary: 'Delete an image',
  description: 'Deletes the image and its stored bytes; its url stops working.',
  tags: ['Images'],
  auth: 'apiKey',
  params: imageIdParams,
  responses: { 204: { description: 'Deleted' }, ...errorResponses(400, 401, 404, 429) },
});
