'use client';

import { useMutation } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { EXPORT_FORMATS, type EXPORT_FORMAT_VALUES, type RunFormat } from './run-format';
import { errorMessage, useTRPC } from './trpc';

/** Export the run's current version to another format (cached per version and format), then download it. */
export function ExportMenu({ orgId, runId, format }: { orgId: string; runId: string; format: RunFormat }) {
  const trpc = useTRPC();
  const formats = EXPORT_FORMATS[format];
  const [target, setTarget] = useState(formats[0] ?? '');
  const id = useId();
  const [link, setLink] = useState<{ url: string; format: string } | null>(null);
  const exp = useMutation(
    trpc.runs.export.mutationOptions({
      onSuccess: (r) => {
        setLink({ url: r.download_url, format: r.format });
        // Start the download at once (same-origin signed URL, so the download attribute applies).
        const a = document.createElement('a');
        a.href = r.download_url;
        a.download = r.file_name;
        document.body.appendChild(a);
        a.click();
        a.remove();
      },
    }),
  );
  if (!formats.length) return null;
  return (
    <div className="export-menu">
      <div className="row export-controls">
        <label htmlFor={id} className="sr-only">
          Export format
        </label>
        <select id={id} className="select select-sm" value={target} onChange={(e) => setTarget(e.target.value)}>
          {formats.map((f) => (
            <option key={f} value={f}>
              {f.toUpperCase()}
            </option>
          ))}
        </select>
        <Button
          size="sm"
          busy={exp.isPending}
          busyLabel="Exporting…"
          onClick={() => exp.mutate({ orgId, runId, format: target as (typeof EXPORT_FORMAT_VALUES)[number] })}
          aria-label={`Export as ${target.toUpperCase()}`}
        >
          Export
        </Button>
      </div>
      {link ? (
        <a className="export-link" href={link.url} download data-testid="export-link">
          Download the {link.format.toUpperCase()} again
        </a>
      ) : null}
      {exp.isError ? <Alert tone="error">{errorMessage(exp.error)}</Alert> : null}
    </div>
  );
}
