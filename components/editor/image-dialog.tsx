'use client';
// The editor's "Insert image" dialog, in the page (the embed's sandbox blocks prompt()): upload a
// file from the computer or pick one from the organization's image library, give it a description
// (alt text), insert. Uploads go to POST …/edit/{run_id}/images with the edit token; the server
// checks the type and size and answers the image as a data: URL. WebP, which Word and PowerPoint
// files cannot embed, is converted to PNG here before it is sent.
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { editorApiBase } from './editor-api-paths';
import styles from './document.module.css';

export interface InsertableImage {
  src: string;
  width: number;
  height: number;
  name: string;
}

interface LibraryItem {
  id: string;
  name: string;
  mime: string;
  caption: string | null;
  url: string;
  insertable: boolean;
}

const ACCEPT = 'image/png,image/jpeg,image/gif,image/webp';

async function errorMessage(res: Response): Promise<string> {
  const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
  return body?.error?.message ?? `the server answered ${res.status}`;
}

/** WebP → PNG in the browser (the file is the person's own; the server accepts png, jpeg, gif). */
async function asUploadable(file: File): Promise<Blob> {
  const head = new Uint8Array(await file.slice(0, 12).arrayBuffer());
  const isWebp = String.fromCharCode(...head.slice(0, 4)) === 'RIFF' && String.fromCharCode(...head.slice(8, 12)) === 'WEBP';
  if (!isWebp) return file;
  const bitmap = await createImageBitmap(file);
  const canvas = document.createElement('canvas');
  canvas.width = bitmap.width;
  canvas.height = bitmap.height;
  canvas.getContext('2d')!.drawImage(bitmap, 0, 0);
  bitmap.close();
  return new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the WebP image could not be converted'))), 'image/png'));
}

export function ImageDialog({ runId, token, onInsert, onClose }: { runId: string; token: string; onInsert: (img: InsertableImage, alt: string) => void; onClose: () => void }) {
  const titleId = useId();
  const altId = useId();
  const fileId = useId();
  const dialogRef = useRef<HTMLDivElement>(null);
  const [chosen, setChosen] = useState<InsertableImage | null>(null);
  const [alt, setAlt] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [library, setLibrary] = useState<LibraryItem[] | null>(null);
  const [libraryError, setLibraryError] = useState<string | null>(null);
  const q = `token=${encodeURIComponent(token)}`;
  const base = `${editorApiBase(runId)}/images`;

  useEffect(() => {
    let live = true;
    fetch(`${base}?${q}&limit=30`, { cache: 'no-store' })
      .then(async (res) => {
        if (!res.ok) throw new Error(await errorMessage(res));
        return (await res.json()) as { items: LibraryItem[] };
      })
      .then((r) => live && setLibrary(r.items))
      .catch((err: unknown) => live && setLibraryError(err instanceof Error ? err.message : String(err)));
    return () => {
      live = false;
    };
  }, [base, q]);

  // focus the first control on open; Escape closes; Tab stays inside the dialog
  useEffect(() => {
    dialogRef.current?.querySelector<HTMLElement>('input, button')?.focus();
  }, []);
  const onKeyDown = useCallback(
    (e: React.KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        onClose();
        return;
      }
      if (e.key !== 'Tab' || !dialogRef.current) return;
      const items = [...dialogRef.current.querySelectorAll<HTMLElement>('input, button, [tabindex="0"]')].filter((el) => !(el as HTMLButtonElement).disabled);
      if (!items.length) return;
      const first = items[0]!;
      const last = items[items.length - 1]!;
      if (e.shiftKey && document.activeElement === first) {
        e.preventDefault();
        last.focus();
      } else if (!e.shiftKey && document.activeElement === last) {
        e.preventDefault();
        first.focus();
      }
    },
    [onClose],
  );

  const upload = async (file: File | undefined) => {
    if (!file) return;
    setError(null);
    setBusy(`Uploading ${file.name}…`);
    try {
      const form = new FormData();
      form.append('file', await asUploadable(file), file.name);
      const res = await fetch(`${base}?${q}`, { method: 'POST', body: form });
      if (!res.ok) throw new Error(await errorMessage(res));
      const img = (await res.json()) as InsertableImage;
      setChosen(img);
      setAlt((a) => a || file.name.replace(/\.[A-Za-z0-9]+$/, ''));
    } catch (err) {
      setError(`Could not upload the image: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      setBusy(null);
    }
  };

  const pick = async (item: LibraryItem) => {
    setError(null);
    setBusy(`Loading ${item.name}…`);
    try {
      const res = await fetch(`${base}/${encodeURIComponent(item.id)}?${q}`, { cache: 'no-store' });
      if (!res.ok) throw new Error(await errorMessage(res));
      setChosen((await res.json()) as InsertableImage);
      setAlt(item.caption ?? item.name.replace(/\.[A-Za-z0-9]+$/, ''));
    } catch (err) {
      setError(`Could not use the image: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className={styles.backdrop} onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div ref={dialogRef} className={styles.dialog} role="dialog" aria-modal="true" aria-labelledby={titleId} onKeyDown={onKeyDown} data-testid="image-dialog">
        <h2 id={titleId} className={styles.dialogTitle}>
          Insert an image
        </h2>
        <section className={styles.dialogSection} aria-label="Upload">
          <label htmlFor={fileId} className={styles.fieldLabel}>
            Upload from your computer (PNG, JPEG, GIF or WebP, up to 5 MB)
          </label>
          <input id={fileId} type="file" accept={ACCEPT} onChange={(e) => void upload(e.target.files?.[0])} disabled={busy !== null} />
        </section>
        <section className={styles.dialogSection} aria-label="Image library">
          <h3 className={styles.fieldLabel}>Or choose from your image library</h3>
          {libraryError && <p className={styles.muted}>The library could not be loaded: {libraryError}</p>}
          {library === null && !libraryError && <p className={styles.muted}>Loading the library…</p>}
          {library?.length === 0 && <p className={styles.muted}>No images in the library yet.</p>}
          {!!library?.length && (
            <ul className={styles.library}>
              {library.map((item) => (
                <li key={item.id}>
                  <button
                    type="button"
                    className={styles.libraryItem}
                    disabled={!item.insertable || busy !== null}
                    aria-label={`${item.name}${item.insertable ? '' : ' (WebP: cannot be placed in a Word file)'}`}
                    title={item.caption ?? item.name}
                    onClick={() => void pick(item)}
                  >
                    {/* eslint-disable-next-line @next/next/no-img-element -- a signed blob URL, not a static asset */}
                    <img src={item.url} alt="" loading="lazy" />
                  </button>
                </li>
              ))}
            </ul>
          )}
        </section>
        {busy && (
          <p role="status" className={styles.muted}>
            {busy}
          </p>
        )}
        {error && (
          <p role="alert" className={styles.error}>
            {error}
          </p>
        )}
        {chosen && (
          <div className={styles.preview}>
            {/* eslint-disable-next-line @next/next/no-img-element -- a data: URL preview */}
            <img src={chosen.src} alt="" data-testid="image-preview" />
            <span className={styles.muted}>
              {chosen.name} — {chosen.width} × {chosen.height} px
            </span>
          </div>
        )}
        <label htmlFor={altId} className={styles.fieldLabel}>
          Description (alt text, read by screen readers)
        </label>
        <input id={altId} className={styles.textInput} value={alt} onChange={(e) => setAlt(e.target.value)} maxLength={500} />
        <div className={styles.dialogButtons}>
          <button type="button" className={styles.secondaryButton} onClick={onClose}>
            Cancel
          </button>
          <button type="button" className={styles.primaryButton} disabled={!chosen || busy !== null} onClick={() => chosen && onInsert(chosen, alt.trim())}>
            Insert
          </button>
        </div>
      </div>
    </div>
  );
}
