'use client';
import styles from './editor.module.css';

export const ZOOM_STEPS = [0.5, 0.67, 0.75, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2];

/** Zoom out / level / zoom in, keyboard reachable and labelled. */
export function ZoomControl({ zoom, setZoom }: { zoom: number; setZoom: (z: number) => void }) {
  const i = ZOOM_STEPS.findIndex((z) => z >= zoom - 1e-6);
  const idx = i < 0 ? ZOOM_STEPS.length - 1 : i;
  return (
    <span role="group" aria-label="Zoom" style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}>
      <button type="button" className={styles.toolButton} aria-label="Zoom out" title="Zoom out" disabled={idx === 0} onClick={() => setZoom(ZOOM_STEPS[Math.max(idx - 1, 0)]!)}>
        −
      </button>
      <span className={styles.zoomLabel} aria-live="polite" data-testid="zoom-level">
        {Math.round(zoom * 100)}%
      </span>
      <button type="button" className={styles.toolButton} aria-label="Zoom in" title="Zoom in" disabled={idx === ZOOM_STEPS.length - 1} onClick={() => setZoom(ZOOM_STEPS[Math.min(idx + 1, ZOOM_STEPS.length - 1)]!)}>
        +
      </button>
    </span>
  );
}
