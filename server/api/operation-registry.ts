// Every v1 operation, for the OpenAPI document. A test checks that each app/api/v1 route is here.
import { listKeysOp, mintKeyOp, revokeKeyOp, signupOp, verifyOp } from '../auth/operations';
import { downloadBlobOp } from '../storage/operations';
import { deleteImageOp, getImageOp, listImagesOp, uploadFileOp, uploadImageOp } from '../files/operations';
import { openapiOp } from '../http/openapi-operation';
import { cancelTaskOp, downloadRunOp, getRunOp, getTaskOp, listRunsOp } from '../runs/operations';
import { exportRunOp } from '../exports/operations';
import {
  analyzeOp,
  generateOp,
  outlineOp,
  preflightOp,
  slidesGenerateOp,
  textGenerateOp,
  textRewriteOp,
  textSummarizeOp,
} from '../runs/generate-operations';
import { editorEventsOp, getEditorDocumentOp, getEditorImageOp, keepEditorAliveOp, listEditorImagesOp, openEditorOp, revokeEditSessionsOp, saveEditorDocumentOp, uploadEditorImageOp } from '../editor/operations';
import { createWebhookOp, deleteWebhookByQueryOp, deleteWebhookOp, listWebhooksOp, webhookSigningSecretOp } from '../webhooks/operations';
import type { OperationDef } from '../http/define-operation';

export const operations = [signupOp, verifyOp, mintKeyOp, listKeysOp, revokeKeyOp, openapiOp, downloadBlobOp, getTaskOp, cancelTaskOp, listRunsOp, getRunOp, downloadRunOp, generateOp('excel'), generateOp('word'), slidesGenerateOp, outlineOp, analyzeOp, textGenerateOp, textSummarizeOp, textRewriteOp, preflightOp, uploadFileOp, uploadImageOp, listImagesOp, getImageOp, deleteImageOp, exportRunOp, openEditorOp, getEditorDocumentOp, saveEditorDocumentOp, editorEventsOp, keepEditorAliveOp, uploadEditorImageOp, listEditorImagesOp, getEditorImageOp, revokeEditSessionsOp, createWebhookOp, listWebhooksOp, deleteWebhookByQueryOp, deleteWebhookOp, webhookSigningSecretOp] as unknown as OperationDef[];
