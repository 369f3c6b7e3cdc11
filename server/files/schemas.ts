// Zod shapes of the upload endpoints: the file and image objects, the image list and its query.
import { z } from 'zod';
import { idParam, timestamp } from '../http/common-schemas';
import { cursorParam, limitParam } from '../http/pagination';
import { MAX_CAPTION_LENGTH, MAX_TAG_LENGTH } from './upload-metadata';

export const fileSchema = z
  .object({
    id: z.string().meta({ example: 'file_01J9Z3V8K6Q2T4X7B1N5M0C8D3' }),
    name: z.string().meta({ description: 'The uploaded file name (folders stripped).' }),
    mime: z.string().meta({ description: 'The type detected from the content.' }),
    size: z.number().int().meta({ description: 'Bytes stored.' }),
    sha256: z.string().meta({ description: 'Lowercase hex SHA-256 of the stored bytes.' }),
    created_at: timestamp,
  })
  .meta({ id: 'File' });

export const imageSchema = fileSchema
  .extend({
    id: z.string().meta({ example: 'img_01J9Z3V8K6Q2T4X7B1N5M0C8D3' }),
    tags: z.array(z.string()),
    caption: z.string().nullable(),
    url: z.string().meta({ description: 'A freshly signed download URL (SIGNED_URL_TTL_SECONDS, default 24 h).' }),
  })
  .meta({ id: 'Image' });

export const imageListSchema = z.object({ items: z.array(imageSchema), next_cursor: z.string().nullable() }).meta({ id: 'ImageList' });

export const imageListQuery = z.strictObject({
  limit: limitParam,
  cursor: cursorParam,
  tag: z.string().min(1).max(MAX_TAG_LENGTH).optional().meta({ description: 'Only images carrying this tag (exact match).' }),
});

export const imageIdParams = z.strictObject({ id: idParam('img', 'Image id') });

// The multipart forms, for the OpenAPI document (the services parse and check the parts themselves).
const filePart = z.string().meta({ format: 'binary', description: 'The file content.' });

export const uploadFileForm = z.strictObject({ file: filePart }).meta({ id: 'UploadFileForm' });

export const uploadImageForm = z
  .strictObject({
    file: filePart.meta({ format: 'binary', description: 'A png, jpeg, gif or webp image.' }),
    tags: z.string().optional().meta({ description: `Comma-separated tags (the field may also repeat), each ≤ ${MAX_TAG_LENGTH} characters.` }),
    caption: z.string().max(MAX_CAPTION_LENGTH).optional(),
  })
  .meta({ id: 'UploadImageForm' });
