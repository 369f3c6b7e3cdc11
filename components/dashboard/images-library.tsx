'use client';

import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { CopyButton } from '@/components/ui/copy-button';
import { EmptyState } from '@/components/ui/empty-state';
import { InputField } from '@/components/ui/field';
import { PageHeader } from '@/components/ui/page-header';
import { MutationConfirmDialog } from './mutation-confirm-dialog';
import { OrgGate } from './org-gate';
import { ErrorAlert, LoadingStatus, LoadMore } from './query-state';
import { useTRPC, type OrgSummary, type RouterOutputs } from './trpc';

type Image = RouterOutputs['images']['list']['items'][number];

const kb = (n: number) =>
  n < 1024 * 1024 ? `${Math.max(1, Math.round(n / 1024))} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`;
const splitTags = (s: string) =>
  s
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);

function UploadForm({ org }: { org: OrgSummary }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const fileRef = useRef<HTMLInputElement>(null);
  const [tags, setTags] = useState('');
  const [caption, setCaption] = useState('');
  const upload = useMutation({
    mutationFn: async (form: FormData) => {
      const res = await fetch(`/api/dashboard/orgs/${encodeURIComponent(org.id)}/images`, {
        method: 'POST',
        body: form,
      });
      const body = (await res.json().catch(() => null)) as { error?: { message: string } } | null;
      if (!res.ok) throw new Error(body?.error?.message ?? `upload failed (${res.status})`);
      return body;
    },
    onSuccess: async () => {
      setTags('');
      setCaption('');
      if (fileRef.current) fileRef.current.value = '';
      await queryClient.invalidateQueries({ queryKey: trpc.images.list.pathKey() });
    },
  });
  return (
    <Card aria-labelledby="upload-title">
      <CardHeader
        id="upload-title"
        title="Upload an image"
        description="PNG, JPEG, GIF or WebP (checked from the file's content). Use image ids in generation requests (image_ids)."
      />
      <CardBody>
        <form
          className="stack"
          onSubmit={(e) => {
            e.preventDefault();
            const file = fileRef.current?.files?.[0];
            if (!file) return;
            const form = new FormData();
            form.append('file', file);
            if (tags.trim()) form.append('tags', tags);
            if (caption.trim()) form.append('caption', caption);
            upload.mutate(form);
          }}
        >
          <div className="form-row upload-row">
            <div className="field">
              <label className="field-label" htmlFor="image-file">
                Image file
              </label>
              <input
                id="image-file"
                ref={fileRef}
                className="input file-input"
                type="file"
                accept="image/png,image/jpeg,image/gif,image/webp"
                required
              />
            </div>
            <InputField
              label="Tags (comma-separated)"
              name="tags"
              placeholder="logo, brand"
              value={tags}
              onChange={(e) => setTags(e.target.value)}
            />
            <InputField
              label="Caption"
              name="caption"
              value={caption}
              onChange={(e) => setCaption(e.target.value)}
              maxLength={500}
            />
            <Button type="submit" variant="primary" busy={upload.isPending} busyLabel="Uploading…">
              Upload
            </Button>
          </div>
          <ErrorAlert error={upload.error} />
        </form>
      </CardBody>
    </Card>
  );
}

function ImageTile({ org, image, onDelete }: { org: OrgSummary; image: Image; onDelete: (i: Image) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [tags, setTags] = useState(image.tags.join(', '));
  const update = useMutation(
    trpc.images.update.mutationOptions({
      onSuccess: async () => {
        setEditing(false);
        await queryClient.invalidateQueries({ queryKey: trpc.images.list.pathKey() });
      },
    }),
  );
  return (
    <li className="card image-tile" data-image-id={image.id}>
      {/* eslint-disable-next-line @next/next/no-img-element -- signed blob URLs, not optimisable */}
      <img src={image.url} alt={image.caption ?? image.name} className="image-thumb" loading="lazy" />
      <div className="image-info">
        <span className="image-name" title={image.name}>
          {image.name}
        </span>
        <span className="subtle">
          {image.mime.replace('image/', '').toUpperCase()} · {kb(image.size)}
        </span>
        {image.caption ? <span className="image-caption">{image.caption}</span> : null}
        {editing ? (
          <form
            className="stack-sm"
            onSubmit={(e) => {
              e.preventDefault();
              update.mutate({ orgId: org.id, imageId: image.id, tags: splitTags(tags) });
            }}
          >
            <InputField
              label="Tags"
              name={`tags-${image.id}`}
              value={tags}
              onChange={(e) => setTags(e.target.value)}
              hint="Comma-separated"
              autoFocus
            />
            <div className="row">
              <Button size="sm" type="submit" variant="primary" busy={update.isPending} busyLabel="Saving…">
                Save tags
              </Button>
              <Button size="sm" variant="ghost" onClick={() => setEditing(false)}>
                Cancel
              </Button>
            </div>
            <ErrorAlert error={update.error} />
          </form>
        ) : (
          <div className="tag-list">
            {image.tags.length ? (
              image.tags.map((t) => <Badge key={t}>{t}</Badge>)
            ) : (
              <span className="subtle">No tags</span>
            )}
          </div>
        )}
        <div className="row image-actions">
          <CopyButton text={image.id} size="sm" variant="ghost" label="Copy id" />
          {!editing ? (
            <Button
              size="sm"
              variant="ghost"
              onClick={() => setEditing(true)}
              aria-label={`Edit tags of ${image.name}`}
            >
              Tags
            </Button>
          ) : null}
          <Button
            size="sm"
            variant="danger-outline"
            onClick={() => onDelete(image)}
            aria-label={`Delete ${image.name}`}
          >
            Delete
          </Button>
        </div>
      </div>
    </li>
  );
}

function Library({ org }: { org: OrgSummary }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [tag, setTag] = useState('');
  const [toDelete, setToDelete] = useState<Image | null>(null);
  const list = useInfiniteQuery(
    trpc.images.list.infiniteQueryOptions(
      { orgId: org.id, limit: 24, tag: tag || undefined },
      { getNextPageParam: (p) => p.next_cursor ?? undefined },
    ),
  );
  const del = useMutation(
    trpc.images.delete.mutationOptions({
      onSuccess: async () => {
        setToDelete(null);
        await queryClient.invalidateQueries({ queryKey: trpc.images.list.pathKey() });
      },
    }),
  );
  const images = list.data?.pages.flatMap((p) => p.items) ?? [];
  let body;
  if (list.isPending) body = <LoadingStatus inCard>Loading images…</LoadingStatus>;
  else if (list.isError) body = <ErrorAlert inCard error={list.error} title="Could not load the images" />;
  else if (!images.length)
    body = (
      <EmptyState title={tag ? `No images tagged “${tag}”` : 'No images yet'}>
        {tag
          ? 'Clear the tag filter to see every image.'
          : 'Upload logos, photos or charts to place them in documents.'}
      </EmptyState>
    );
  else
    body = (
      <div className="card-body stack">
        <ul className="image-grid" role="list">
          {images.map((i) => (
            <ImageTile key={i.id} org={org} image={i} onDelete={setToDelete} />
          ))}
        </ul>
        <LoadMore query={list} />
      </div>
    );
  return (
    <Card aria-labelledby="library-title">
      <CardHeader
        id="library-title"
        title="Library"
        actions={
          <form
            className="row tag-filter"
            role="search"
            aria-label="Filter images by tag"
            onSubmit={(e) => {
              e.preventDefault();
              const v = new FormData(e.currentTarget).get('tag');
              setTag(typeof v === 'string' ? v.trim() : '');
            }}
          >
            <label htmlFor="tag-filter" className="sr-only">
              Tag
            </label>
            <input
              id="tag-filter"
              name="tag"
              className="input input-sm"
              placeholder="Filter by tag"
              defaultValue={tag}
              maxLength={50}
            />
            <Button size="sm" type="submit">
              Filter
            </Button>
          </form>
        }
      />
      {body}
      <MutationConfirmDialog
        target={toDelete}
        mutation={del}
        onClose={() => setToDelete(null)}
        onConfirm={(t) => del.mutate({ orgId: org.id, imageId: t.id })}
        title="Delete this image?"
        confirmLabel="Delete image"
      >
        <p>
          <strong>{toDelete?.name}</strong> and its stored bytes are deleted; documents already generated keep their
          copy.
        </p>
      </MutationConfirmDialog>
    </Card>
  );
}

export function ImagesLibrary() {
  return (
    <OrgGate path="/dashboard/images">
      {(org) => (
        <div className="stack-lg">
          <PageHeader
            title="Images"
            description={
              <>
                Images of <strong>{org.name}</strong> for the agent to place in documents.
              </>
            }
          />
          <UploadForm org={org} />
          <Library org={org} />
        </div>
      )}
    </OrgGate>
  );
}
