'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { OrgGate } from './org-gate';
import { ErrorAlert } from './query-state';
import { credits } from './run-format';
import { useTRPC, type OrgSummary, type RouterOutputs } from './trpc';
import { withOrg } from './use-selected-org';

type DocFormat = 'excel' | 'word' | 'slides';
type Outline = NonNullable<RouterOutputs['runs']['outline']['outline']>;

const FORMATS: { value: DocFormat; label: string; hint: string; example: string }[] = [
  {
    value: 'excel',
    label: 'Excel workbook',
    hint: 'Sheets, tables, formulas and charts',
    example: 'A budget workbook with sheets "Revenue" and "Costs", columns Month, Amount, 12 rows each, and a chart',
  },
  {
    value: 'word',
    label: 'Word document',
    hint: 'Headings, sections, tables',
    example: 'A two-page project brief with sections Goals, Scope, Timeline and Risks',
  },
  {
    value: 'slides',
    label: 'PowerPoint deck',
    hint: 'Slides with an outline you can preview',
    example: 'A 6-slide deck about onboarding new engineers',
  },
];

function OutlinePreview({ outline }: { outline: Outline }) {
  return (
    <section className="outline" aria-labelledby="outline-title" data-testid="outline-preview">
      <h3 id="outline-title">{outline.title}</h3>
      <ol className="outline-slides">
        {outline.slides.map((s, i) => (
          <li key={i} className="outline-slide">
            <span className="outline-slide-title">{s.title}</span>
            {s.bullets.length ? (
              <ul>
                {s.bullets.map((b, j) => (
                  <li key={j}>{b}</li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

function PlaygroundForm({ org }: { org: OrgSummary }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [format, setFormat] = useState<DocFormat>('excel');
  const [prompt, setPrompt] = useState('');
  const [outline, setOutline] = useState<{ prompt: string; outline: Outline } | null>(null);
  const start = useMutation(
    trpc.runs.start.mutationOptions({
      onSuccess: async (r) => {
        await queryClient.invalidateQueries({ queryKey: trpc.runs.list.pathKey() });
        router.push(withOrg(`/dashboard/runs/${r.run_id}`, org.id));
      },
    }),
  );
  const preview = useMutation(
    trpc.runs.outline.mutationOptions({
      onSuccess: (r) => (r.outline ? setOutline({ prompt, outline: r.outline }) : setOutline(null)),
    }),
  );
  const current = FORMATS.find((f) => f.value === format)!;
  const outlineFresh = outline && outline.prompt === prompt && format === 'slides';

  return (
    <div className="playground">
      <Card aria-labelledby="new-run-title">
        <CardHeader
          id="new-run-title"
          title="New run"
          description={
            <>
              Runs in <strong>{org.name}</strong> and spends its credits (balance {credits(org.credits.balance)}).
            </>
          }
        />
        <CardBody>
          <form
            className="stack"
            onSubmit={(e) => {
              e.preventDefault();
              start.mutate({
                orgId: org.id,
                format,
                prompt,
                ...(outlineFresh && outline ? { outline: outline.outline } : {}),
              });
            }}
          >
            <fieldset className="format-picker">
              <legend className="field-label">Format</legend>
              <div className="format-options">
                {FORMATS.map((f) => (
                  <label key={f.value} className={`format-option${f.value === format ? ' is-selected' : ''}`}>
                    <input
                      type="radio"
                      name="format"
                      value={f.value}
                      checked={f.value === format}
                      onChange={() => setFormat(f.value)}
                    />
                    <span className="format-option-label">{f.label}</span>
                    <span className="subtle">{f.hint}</span>
                  </label>
                ))}
              </div>
            </fieldset>
            <div className="field">
              <label className="field-label" htmlFor="playground-prompt">
                Prompt
              </label>
              <textarea
                id="playground-prompt"
                className="input textarea"
                rows={6}
                value={prompt}
                onChange={(e) => setPrompt(e.target.value)}
                placeholder={current.example}
                required
                maxLength={20000}
                aria-describedby="playground-prompt-hint"
              />
              <span className="field-hint" id="playground-prompt-hint">
                Name the sheets, columns, sections or slide count you want; the agent follows them.{' '}
                <button type="button" className="link-button" onClick={() => setPrompt(current.example)}>
                  Use an example
                </button>
              </span>
            </div>
            <div className="row">
              <Button
                type="submit"
                variant="primary"
                busy={start.isPending}
                busyLabel="Starting…"
                disabled={!prompt.trim()}
              >
                {outlineFresh ? 'Generate from this outline' : 'Generate'}
              </Button>
              {format === 'slides' ? (
                <Button
                  busy={preview.isPending}
                  busyLabel="Outlining…"
                  disabled={!prompt.trim()}
                  onClick={() => preview.mutate({ orgId: org.id, prompt })}
                >
                  Preview outline
                </Button>
              ) : null}
            </div>
            <ErrorAlert error={start.error} />
            <ErrorAlert error={preview.error} />
          </form>
        </CardBody>
      </Card>
      {format === 'slides' ? (
        <Card aria-labelledby="outline-card-title" className="outline-card">
          <CardHeader
            id="outline-card-title"
            title="Slide outline"
            description="Preview the deck's structure before generating it. Generating uses the outline shown."
          />
          <CardBody>
            {outlineFresh && outline ? (
              <OutlinePreview outline={outline.outline} />
            ) : (
              <p className="muted">
                {outline
                  ? 'The prompt changed: preview the outline again.'
                  : 'Write a prompt and choose “Preview outline”.'}
              </p>
            )}
          </CardBody>
        </Card>
      ) : null}
    </div>
  );
}

export function Playground() {
  return (
    <OrgGate path="/dashboard/playground">
      {(org) => (
        <div className="stack-lg">
          <PageHeader
            title="Playground"
            description="Describe a document; the agent builds it and you can keep editing it afterwards."
          />
          <PlaygroundForm org={org} />
        </div>
      )}
    </OrgGate>
  );
}
