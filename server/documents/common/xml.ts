/** Escapes text for XML element content and attribute values. */
export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&apos;',
  );
}

/** "#1f4e79" / "1F4E79" → "1F4E79" */
export function hex6(color: string): string {
  return color.replace(/^#/, '').toUpperCase();
}

/** Office's default accent palette, used when a series has no colour. */
export const PALETTE = ['4472C4', 'ED7D31', 'A5A5A5', 'FFC000', '5B9BD5', '70AD47', '264478', '9E480E', '636363', '997300'];

/**
 * A value read from parsed XML or from a JSON attribute map, as text: strings as they are, numbers
 * and booleans stringified, anything else (absent, null, an element object) → fallback.
 */
export function textValue(v: unknown, fallback = ''): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return fallback;
}

/** Resolves a relationship target against the folder of the part that names it (OPC packages). */
export function resolvePartPath(dir: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = dir.split('/');
  for (const seg of target.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.') parts.push(seg);
  }
  return parts.join('/');
}
