// The API shapes of uploaded files and images (images carry a freshly signed download url).
import 'server-only';
import type { FileObject } from '../db/generated/client';
import { getBlobStore } from '../storage/get-blob-store';

export function serializeFile(f: FileObject) {
  return { id: f.id, name: f.name, mime: f.mime, size: f.size, sha256: f.sha256, created_at: f.createdAt.toISOString() };
}

export async function serializeImage(f: FileObject) {
  const { url } = await getBlobStore().signedUrl(f.blobKey, { fileName: f.name, contentType: f.mime });
  return { ...serializeFile(f), tags: f.tags, caption: f.caption, url };
}
