// Readiness for load balancers: the database answers, blob storage answers, and (when
// READY_CHECK_LIBREOFFICE is set) LibreOffice is installed. Each check has its own deadline, so a
// hanging dependency makes the instance "not ready" instead of hanging the probe. A production
// instance is also not ready while it still loads its routes' code (./warm-up.ts).
import 'server-only';
import { getDb } from '../db/client';
import { findSoffice } from '../documents/common/soffice';
import { env } from '../env';
import { getBlobStore } from '../storage/get-blob-store';
import { warmUpStatus, type WarmUpState } from './warm-up';

export type CheckState = 'ok' | 'failing' | 'not installed' | 'not checked';

export interface Readiness {
  ready: boolean;
  checks: { database: CheckState; storage: CheckState; libreoffice: CheckState; warm_up: WarmUpState };
}

const DEADLINE_MS = 2_000;

async function within(fn: () => Promise<unknown>): Promise<CheckState> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([fn(), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), DEADLINE_MS)))]);
    return 'ok';
  } catch {
    return 'failing';
  } finally {
    clearTimeout(timer);
  }
}

export async function checkReadiness(): Promise<Readiness> {
  const [database, storage] = await Promise.all([
    within(async () => (await getDb()).$queryRaw`SELECT 1`),
    within(() => getBlobStore().head('health/ready-probe')),
  ]);
  const wantOffice = env().READY_CHECK_LIBREOFFICE;
  const libreoffice: CheckState = findSoffice() ? 'ok' : 'not installed';
  const warmUp = warmUpStatus().state;
  const ready = database === 'ok' && storage === 'ok' && (!wantOffice || libreoffice === 'ok') && warmUp !== 'pending';
  return { ready, checks: { database, storage, libreoffice: wantOffice || libreoffice === 'ok' ? libreoffice : 'not checked', warm_up: warmUp } };
}
