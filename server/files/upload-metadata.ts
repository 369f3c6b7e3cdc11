// Validation of the optional image form fields: tags (comma-separated or repeated) and caption.
import { ApiError } from '../http/api-error';

export const MAX_TAGS = 20;
export const MAX_TAG_LENGTH = 50;
export const MAX_CAPTION_LENGTH = 500;

/** Tags from every `tags` value, split on commas, trimmed, empty ones dropped, duplicates removed. */
export function parseTags(values: readonly string[] | undefined): string[] {
  const tags = [...new Set((values ?? []).flatMap((v) => v.split(',')).map((t) => t.trim()).filter(Boolean))];
  if (tags.length > MAX_TAGS) throw invalid('tags', `at most ${MAX_TAGS} tags (got ${tags.length})`);
  const long = tags.find((t) => t.length > MAX_TAG_LENGTH);
  if (long !== undefined) throw invalid('tags', `each tag is at most ${MAX_TAG_LENGTH} characters`);
  return tags;
}

export function parseCaption(values: readonly string[] | undefined): string | null {
  if (!values?.length) return null;
  if (values.length > 1) throw invalid('caption', 'send caption once');
  const caption = values[0]!.trim();
  if (caption.length > MAX_CAPTION_LENGTH) throw invalid('caption', `at most ${MAX_CAPTION_LENGTH} characters`);
  return caption || null;
}

function invalid(path: string, message: string) {
  return new ApiError('invalid_request', `${path}: ${message}`, { issues: [{ location: 'body', path, message }] });
}
