// GET …/edit/{run_id}/events: the open editor's live channel, as server-sent events. One-way is all
// the editor needs (its edits go through the ordinary PUT with merging), SSE is plain HTTP that a
// route handler streams, passes proxies and the embed's iframe, and EventSource reconnects by
// itself. Events: `hello` (this connection, the current version, who is editing), `version` (a new
// version was stored: by another viewer, the agent or a restore — the editor fetches it), `presence`
// (who is editing changed); a comment line every HEARTBEAT_MS keeps proxies from closing it.
import 'server-only';
import { randomBytes } from 'node:crypto';
import type { Db } from '../db/client';
import { notFound } from '../http/api-error';
import { log } from '../log';
import { editorsOf, joinEditing, listenForEditSignals, onPresence, onRunVersion } from '../signals/edit-signals';
import { withEditSessionErrors } from './edit-session-api-error';
import { editorSecurityHeaders } from './editor-headers';
import { openEditSession } from './open-edit-session';

const HEARTBEAT_MS = 15_000;
/** Also re-read the version now and then: a NOTIFY lost while LISTEN reconnects costs at most this. */
const RECHECK_MS = 30_000;

function initials(name: string | null | undefined, email: string | null | undefined): string {
  const words = (name ?? '').trim().split(/\s+/).filter(Boolean);
  if (words.length) return words.slice(0, 2).map((w) => w[0]!.toUpperCase()).join('');
  return (email ?? '').slice(0, 2).toUpperCase();
}

export async function streamEditorEvents(db: Db, args: { runId: string; token: string; signal: AbortSignal }): Promise<Response> {
  const { session, run } = await withEditSessionErrors(() => openEditSession(db, args));
  if (run.format === 'text' || run.currentVersion === 0) throw notFound('document');
  const user = session.userId ? await db.user.findUnique({ where: { id: session.userId }, select: { name: true, email: true } }) : null;
  const me = { id: randomBytes(6).toString('hex'), session: session.id, label: (user && initials(user.name, user.email)) || 'Viewer' };
  await listenForEditSignals(0).catch((err: unknown) => log().warn({ err }, 'editor events: could not listen for other instances'));
  const encoder = new TextEncoder();
  let sent = run.currentVersion;
  const cleanups: Array<() => void> = [];
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false;
      const close = () => {
        if (closed) return;
        closed = true;
        cleanups.forEach((f) => f());
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
      const write = (text: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          close();
        }
      };
      const send = (event: string, data: unknown) => write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      const editors = () => editorsOf(run.id).map(({ id, label, session: s }) => ({ id, label, session: s }));
      const who = (by: string) => (by === session.id ? 'you' : by === 'agent' || by === 'restore' ? by : by ? 'viewer' : 'unknown');
      const recheck = async (by = '') => {
        try {
          const fresh = await db.run.findUnique({ where: { id: run.id }, select: { currentVersion: true } });
          if (fresh && fresh.currentVersion > sent) {
            sent = fresh.currentVersion;
            send('version', { version: sent, by: who(by) });
          }
        } catch (err) {
          log().warn({ err, runId: run.id }, 'editor events: could not read the run');
        }
      };
      write(`retry: 2000\n\n`);
      cleanups.push(joinEditing(run.id, me));
      send('hello', { connection_id: me.id, session_id: session.id, version: sent, editors: editors() });
      cleanups.push(
        onRunVersion(run.id, (v, by) => {
          // An announced version was committed before it was announced: tell it without reading the
          // run again (a read per open editor on every save sat on the saving request's path). After
          // a reconnect of LISTEN (v === null) the run is re-read.
          if (v === null) void recheck(by);
          else if (v > sent) {
            sent = v;
            send('version', { version: v, by: who(by) });
          }
        }),
      );
      cleanups.push(onPresence(run.id, () => send('presence', { editors: editors() })));
      let beats = 0;
      const timer = setInterval(() => {
        write(`: ping\n\n`);
        if ((++beats * HEARTBEAT_MS) % RECHECK_MS === 0) void recheck();
      }, HEARTBEAT_MS);
      cleanups.push(() => clearInterval(timer));
      args.signal.addEventListener('abort', close, { once: true });
      // a version stored between the session check and the subscription
      void recheck();
    },
    cancel() {
      cleanups.forEach((f) => f());
    },
  });
  return new Response(stream, {
    headers: {
      ...editorSecurityHeaders(),
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    },
  });
}
