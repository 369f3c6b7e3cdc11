// The API reference page body, rendered on the server from the OpenAPI document.
import type { ReactNode } from 'react';
import { Badge } from '@/components/ui/badge';
import type { JsonSchema, OpenApiDoc, Operation, Parameter } from './openapi-types';
import { fieldRows, refName, typeLabel, constraints, resolve } from './schema-fields';

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

interface Entry {
  method: string;
  path: string;
  op: Operation;
  anchor: string;
}

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

export function groupByTag(doc: OpenApiDoc): Array<{ tag: string; entries: Entry[] }> {
  const groups = new Map<string, Entry[]>();
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const tag = op.tags?.[0] ?? 'Other';
      const anchor = slug(op.operationId ?? `${method}-${path}`);
      if (!groups.has(tag)) groups.set(tag, []);
      groups.get(tag)!.push({ method, path, op, anchor });
    }
  }
  return [...groups.entries()].map(([tag, entries]) => ({ tag, entries }));
}

function MethodBadge({ method }: { method: string }) {
  return <span className={`method method-${method}`}>{method.toUpperCase()}</span>;
}

function authText(doc: OpenApiDoc, op: Operation): ReactNode {
  const schemes = (op.security ?? []).flatMap((s) => Object.keys(s));
  if (!schemes.length) return 'None (public).';
  const names = schemes.map((name) => {
    const s = doc.components?.securitySchemes?.[name];
    if (!s) return name;
    if (s.type === 'http' && s.scheme === 'bearer') return <code key={name}>Authorization: Bearer &lt;key&gt;</code>;
    if (s.in === 'header') return <code key={name}>{s.name}: &lt;key&gt;</code>;
    if (s.in === 'cookie') return <span key={name}>the dashboard session cookie (sign in first)</span>;
    return name;
  });
  return (
    <>
      {names.map((n, i) => (
        <span key={i}>
          {i > 0 ? ' or ' : ''}
          {n}
        </span>
      ))}
    </>
  );
}

function ParamsTable({ doc, params }: { doc: OpenApiDoc; params: Parameter[] }) {
  return (
    <div className="table-wrap">
      <table className="table ref-table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">In</th>
            <th scope="col">Type</th>
            <th scope="col">Description</th>
          </tr>
        </thead>
        <tbody>
          {params.map((p) => {
            const s = resolve(doc, p.schema);
            const c = constraints(s);
            return (
              <tr key={`${p.in}-${p.name}`}>
                <td>
                  <code className="field-name">{p.name}</code>
                  {p.required ? <span className="req">required</span> : null}
                </td>
                <td>{p.in}</td>
                <td>
                  <code className="type">{typeLabel(doc, p.schema)}</code>
                </td>
                <td>
                  {p.description ?? s.description ?? ''}
                  {c.length ? <div className="constraints">{c.join(' · ')}</div> : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function FieldsTable({ doc, schema, caption }: { doc: OpenApiDoc; schema: JsonSchema | undefined; caption: string }) {
  const rows = fieldRows(doc, schema);
  if (!rows.length) {
    return (
      <p className="muted">
        <code className="type">{typeLabel(doc, schema)}</code>
      </p>
    );
  }
  return (
    <div className="table-wrap">
      <table className="table ref-table">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Type</th>
            <th scope="col">Description</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.name}>
              <td style={{ paddingLeft: `${1 + r.depth * 1.25}rem` }}>
                <code className="field-name">{r.name}</code>
                {r.required ? <span className="req">required</span> : null}
              </td>
              <td>
                <code className="type">{r.type}</code>
              </td>
              <td>
                {r.description}
                {r.constraints.length ? <div className="constraints">{r.constraints.join(' · ')}</div> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Responses({ doc, op, anchor }: { doc: OpenApiDoc; op: Operation; anchor: string }) {
  const entries = Object.entries(op.responses ?? {});
  return (
    <ul className="responses" role="list">
      {entries.map(([status, r]) => {
        const [contentType, media] = Object.entries(r.content ?? {})[0] ?? [];
        const schema = media?.schema;
        const ok = status.startsWith('2') || status.startsWith('3');
        const schemaName = schema?.$ref ? refName(schema.$ref) : null;
        const showFields = ok && schema && contentType === 'application/json';
        return (
          <li key={status} className="response">
            <div className="response-head">
              <Badge tone={ok ? 'success' : Number(status) >= 500 ? 'danger' : 'warning'}>{status}</Badge>
              <span>{r.description}</span>
              {schemaName && !showFields ? <code className="type">{schemaName}</code> : null}
              {contentType && contentType !== 'application/json' ? <code className="type">{contentType}</code> : null}
            </div>
            {showFields ? (
              <details className="response-body" open={status === '200' || status === '201'}>
                <summary>
                  Response body
                  {schemaName ? (
                    <>
                      {' '}
                      (<code>{schemaName}</code>)
                    </>
                  ) : null}
                </summary>
                <FieldsTable doc={doc} schema={schema} caption={`Response ${status} of ${anchor}`} />
              </details>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

function OperationCard({ doc, entry, baseUrl }: { doc: OpenApiDoc; entry: Entry; baseUrl: string }) {
  const { op, method, path, anchor } = entry;
  const params = op.parameters ?? [];
  const body = op.requestBody?.content?.['application/json']?.schema;
  return (
    <article className="card op" id={anchor} aria-labelledby={`${anchor}-title`}>
      <header className="op-head">
        <div className="op-line">
          <MethodBadge method={method} />
          <code className="op-path">{path}</code>
          {op.deprecated ? <Badge tone="warning">deprecated</Badge> : null}
        </div>
        <h3 id={`${anchor}-title`}>{op.summary}</h3>
      </header>
      <div className="op-body">
        {op.description ? <p>{op.description}</p> : null}
        <dl className="op-meta">
          <dt>Authentication</dt>
          <dd>{authText(doc, op)}</dd>
          <dt>URL</dt>
          <dd>
            <code className="op-url">
              {baseUrl}
              {path}
            </code>
          </dd>
        </dl>
        {params.length ? (
          <section>
            <h4>Parameters</h4>
            <ParamsTable doc={doc} params={params} />
          </section>
        ) : null}
        {body ? (
          <section>
            <h4>
              Request body <span className="subtle">(application/json)</span>
            </h4>
            <FieldsTable doc={doc} schema={body} caption={`Request body of ${anchor}`} />
          </section>
        ) : null}
        <section>
          <h4>Responses</h4>
          <Responses doc={doc} op={op} anchor={anchor} />
        </section>
      </div>
    </article>
  );
}

export function ApiReference({ doc }: { doc: OpenApiDoc }) {
  const groups = groupByTag(doc);
  const baseUrl = doc.servers?.[0]?.url ?? '/api/v1';
  return (
    <div className="ref-layout">
      <nav className="ref-toc" aria-label="Endpoints">
        <p className="ref-toc-title">Endpoints</p>
        {groups.map((g) => (
          <div key={g.tag} className="ref-toc-group">
            <a href={`#tag-${slug(g.tag)}`} className="ref-toc-tag">
              {g.tag}
            </a>
            <ul role="list">
              {g.entries.map((e) => (
                <li key={e.anchor}>
                  <a href={`#${e.anchor}`}>
                    <MethodBadge method={e.method} /> <span>{e.op.summary}</span>
                  </a>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </nav>
      <div className="ref-content">
        <section className="card card-body ref-intro" aria-labelledby="ref-basics">
          <h2 id="ref-basics">Basics</h2>
          <p>{doc.info.description}</p>
          <dl className="op-meta">
            <dt>Base URL</dt>
            <dd>
              <code>{baseUrl}</code>
            </dd>
            <dt>Authentication</dt>
            <dd>
              An API key from the dashboard, as <code>X-API-Key: &lt;key&gt;</code> or{' '}
              <code>Authorization: Bearer &lt;key&gt;</code>.
            </dd>
            <dt>Machine-readable</dt>
            <dd>
              <a href="/api/v1/openapi.json">/api/v1/openapi.json</a> (OpenAPI {'3.1'}, version {doc.info.version})
            </dd>
          </dl>
          {doc.components?.schemas?.Error ? (
            <div className="ref-errors">
              <h3>
                Errors (<code>Error</code>)
              </h3>
              <p className="muted">
                Every error response has this body; branch on the stable <code>error.code</code>.
              </p>
              <FieldsTable
                doc={doc}
                schema={{ $ref: '#/components/schemas/Error' }}
                caption="The error response body"
              />
            </div>
          ) : null}
        </section>
        {groups.map((g) => (
          <section key={g.tag} className="ref-group" aria-labelledby={`tag-${slug(g.tag)}`}>
            <h2 id={`tag-${slug(g.tag)}`}>{g.tag}</h2>
            {g.entries.map((e) => (
              <OperationCard key={e.anchor} doc={doc} entry={e} baseUrl={baseUrl} />
            ))}
          </section>
        ))}
      </div>
    </div>
  );
}
