// GET …/edit/{run_id}/images?token=…: the run's organization's image library for the editor's
// image dialog, newest first (thumbnails by signed url; WebP marked as not insertable).
import 'server-only';
import type { Db } from '../db/client';
import { listImages } from '../files/list-images';
import { openImageSession } from './open-image-session';

export async function listEditorImages(db: Db, args: { runId: string; token: string; limit: number; cursor?: string }) {
  const { run } = await openImageSession(db, args);
  const page = await listImages(db, run.orgId, { limit: args.limit, cursor: args.cursor });
  return {
    items: page.items.map((i) => ({ id: i.id, name: i.name, mime: i.mime, caption: i.caption, url: i.url, insertable: i.mime !== 'image/webp' })),
    next_cursor: page.next_cursor,
  };
}
