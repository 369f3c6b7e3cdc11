// The edit session behind an editor image request: only a token that may edit inserts or browses
// images (a read-only link answers 403); images are those of the run's organization.
import 'server-only';
import type { Db } from '../db/client';
import { forbidden, notFound } from '../http/api-error';
import { withEditSessionErrors } from './edit-session-api-error';
import { openEditSession } from './open-edit-session';

export async function openImageSession(db: Db, args: { runId: string; token: string; now?: Date }) {
  const opened = await withEditSessionErrors(() => openEditSession(db, args));
  if (opened.session.readOnly || opened.run.status === 'expired') throw forbidden('this editing link is read-only');
  if (opened.run.format === 'text') throw notFound('document');
  return opened;
}
