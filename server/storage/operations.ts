// Contract of the signed download route GET /api/v1/blobs/{key}. Not an API-key operation: the
// signature in the query authorizes the download. Documented so clients know what a download_url
// answers (and the OpenAPI test keeps every v1 route listed).
import { z } from 'zod';
import { errorResponses, errorSchema } from '../http/common-schemas';
import { defineOperation } from '../http/define-operation';

export const blobParams = z.object({
  key: z.string().min(1).meta({
    description: 'The blob key: the rest of the path after /blobs/, slash-separated (e.g. runs/run_…/v3/workbook.xlsx).',
    example: 'runs/run_01J9Z3V8K6Q2T4X7B1N5M0C8D3/v3/workbook.xlsx',
  }),
});

export const signedBlobQuery = z.strictObject({
  expires: z.string().regex(/^\d{1,12}$/, 'unix seconds').meta({ description: 'Expiry of the link, unix seconds.', example: '1776424800' }),
  name: z.string().max(512).optional().meta({ description: 'Download file name (covered by the signature).' }),
  type: z.string().max(255).optional().meta({ description: 'Content-Type of the download (covered by the signature).' }),
  sig: z.string().min(1).max(128).meta({ description: 'HMAC-SHA256 signature (base64url) of key, expiry, name and type.' }),
});

const fileHeaders = {
  'Content-Disposition': { description: 'attachment; filename="…"' },
  'Cache-Control': { description: 'private, max-age=<seconds until the link expires>' },
  'Accept-Ranges': { description: 'bytes' },
};

export const downloadBlobOp = defineOperation({
  method: 'GET',
  path: '/blobs/{key}',
  operationId: 'downloadBlob',
  summary: 'Download a file through a signed URL',
  description:
    'The target of download_url links when blob storage is local (with S3 storage they point at the bucket). Needs no API key: the link carries its own expiry and signature, and any change to the key, expiry, name or type invalidates it (403). Supports HEAD and single-range `Range: bytes=…` requests (206, or 416 outside the file).',
  tags: ['Files'],
  auth: 'none',
  params: blobParams,
  query: signedBlobQuery,
  responses: {
    200: { description: 'The file', contentType: 'application/octet-stream', schema: z.string().meta({ format: 'binary' }), headers: fileHeaders },
    206: {
      description: 'The requested byte range',
      contentType: 'application/octet-stream',
      schema: z.string().meta({ format: 'binary' }),
      headers: { ...fileHeaders, 'Content-Range': { description: 'bytes start-end/size' } },
    },
    ...errorResponses(400),
    403: { description: 'Expired link or invalid signature', schema: errorSchema },
    404: { description: 'No such file (or it was deleted)', schema: errorSchema },
    416: { description: 'Range outside the file', schema: errorSchema },
  },
});
