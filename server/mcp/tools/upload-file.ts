// upload_file: POST /files with the content as base64 (tool arguments are JSON).
import 'server-only';
import { z } from 'zod';
import { env } from '../../env';
import { fileSchema } from '../../files/schemas';
import { storeFile } from '../../files/store-upload';
import { decodeBase64 } from '../decode-base64';
import { defineTool } from '../define-tool';

export const uploadFileTool = defineTool({
  name: 'upload_file',
  title: 'Upload a file',
  description:
    'Stores a file for generate tools (file_ids) and analyze_workbook (file_id): xlsx, csv, docx, pptx, pdf, txt or markdown (also png, jpeg, gif, webp). ' +
    'The type is detected from the content, never from the name. At most MAX_UPLOAD_BYTES (25 MiB by default) once decoded. Answers with the file id.',
  input: z.strictObject({
    filename: z.string().trim().min(1).max(255).meta({ description: 'The file name, e.g. "regions.csv" (shown in listings; the type comes from the content).' }),
    content_base64: z.string().min(1).meta({ description: 'The file content, base64-encoded.' }),
  }),
  output: fileSchema,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  run: ({ filename, content_base64 }, { db, auth }) =>
    storeFile(db, auth.orgId, { name: filename, bytes: decodeBase64(content_base64, env().MAX_UPLOAD_BYTES) }),
});
