'use client';

import { useSyncExternalStore } from 'react';

const fmt = (d: Date) =>
  d.toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });

const subscribe = () => () => {};

/** A timestamp in the viewer's locale and time zone (server HTML shows UTC until hydration). */
export function LocalTime({ iso, fallback = '—' }: { iso: string | null | undefined; fallback?: string }) {
  const hydrated = useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
  if (!iso) return <span className="subtle">{fallback}</span>;
  const d = new Date(iso);
  return (
    <time dateTime={iso} title={d.toISOString()}>
      {hydrated ? fmt(d) : `${iso.slice(0, 16).replace('T', ' ')} UTC`}
    </time>
  );
}
