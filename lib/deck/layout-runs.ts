// The formatting of a slide's layout texts — title, subtitle, bullets, column headings and bullets,
// table cells — kept as optional runs next to their plain text (server/documents/deck/schema.ts).
// Without runs a text has its layout's formatting (a title is bold, a light slide's subtitle italic,
// a table's header row bold); runs, once there, say all of it: they start from that formatting (the
// "seed") so that a word can be made bold in a bullet and not bold in a title alike. Runs that say
// nothing more than the seed are dropped, so a text left unformatted stays a plain string.
// Pure code: the slide editor, the editor API, the merge, the agent tools and the .pptx writer use it.
import type { Bullet, Run, Slide, SlideColumn, SlideElement } from '../../server/documents/deck/schema';
import { formatRange, normalizeRuns, runsText, sameFormat, type RunFormat, type RunPatch } from './edit-runs';

/** A layout text of a slide. */
export type RunsTarget =
  | { kind: 'title' }
  | { kind: 'subtitle' }
  | { kind: 'bullet'; index: number }
  | { kind: 'heading'; column: number }
  | { kind: 'column-bullet'; column: number; index: number }
  | { kind: 'cell'; element: number; row: number; col: number };

/** The target as a string (a data-* attribute of the editable that shows it). */
export function targetKey(t: RunsTarget): string {
  switch (t.kind) {
    case 'title':
    case 'subtitle':
      return t.kind;
    case 'bullet':
      return `bullet:${t.index}`;
    case 'heading':
      return `heading:${t.column}`;
    case 'column-bullet':
      return `column-bullet:${t.column}:${t.index}`;
    case 'cell':
      return `cell:${t.element}:${t.row}:${t.col}`;
  }
}

export function parseTargetKey(key: string): RunsTarget | null {
  const [kind, ...rest] = key.split(':');
  const n = rest.map(Number);
  if (n.some((x) => !Number.isInteger(x) || x < 0)) return null;
  if ((kind === 'title' || kind === 'subtitle') && n.length === 0) return { kind };
  if (kind === 'bullet' && n.length === 1) return { kind, index: n[0]! };
  if (kind === 'heading' && n.length === 1) return { kind, column: n[0]! };
  if (kind === 'column-bullet' && n.length === 2) return { kind, column: n[0]!, index: n[1]! };
  if (kind === 'cell' && n.length === 3) return { kind, element: n[0]!, row: n[1]!, col: n[2]! };
  return null;
}

const DARK = new Set(['title', 'section']);

/**
 * The formatting a layout gives a text without runs (what the .pptx writer and the editor use):
 * the title bold (a quotation italic), the subtitle of a light slide italic, column headings and a
 * table's header row bold.
 */
export function seedFormat(slide: Pick<Slide, 'layout' | 'elements'>, t: RunsTarget): RunFormat {
  switch (t.kind) {
    case 'title':
      return slide.layout === 'quote' ? { italic: true } : { bold: true };
    case 'subtitle':
      return DARK.has(slide.layout) || slide.layout === 'big-number' || slide.layout === 'quote' ? {} : { italic: true };
    case 'heading':
      return { bold: true };
    case 'cell': {
      const el = slide.elements[t.element];
      return el?.kind === 'table' && el.headerRow !== false && t.row === 0 ? { bold: true } : {};
    }
    default:
      return {};
  }
}

const bulletOf = (b: Bullet | undefined) =>
  b === undefined ? undefined : typeof b === 'string' ? { text: b, level: 0 } : b;

/** The plain text and the runs (if any) of a target; undefined when the slide has no such text. */
export function textAt(slide: Slide, t: RunsTarget): { text: string; runs?: Run[] } | undefined {
  const pick = (text: string | undefined, runs: Run[] | undefined) =>
    text === undefined ? undefined : { text, ...(runs ? { runs } : {}) };
  switch (t.kind) {
    case 'title':
      return pick(slide.title, slide.titleRuns);
    case 'subtitle':
      return pick(slide.subtitle, slide.subtitleRuns);
    case 'bullet': {
      const b = bulletOf(slide.bullets?.[t.index]);
      return b && pick(b.text, 'runs' in b ? b.runs : undefined);
    }
    case 'heading': {
      const c = slide.columns?.[t.column];
      return c && pick(c.heading, c.headingRuns);
    }
    case 'column-bullet': {
      const b = bulletOf(slide.columns?.[t.column]?.bullets[t.index]);
      return b && pick(b.text, 'runs' in b ? b.runs : undefined);
    }
    case 'cell': {
      const el = slide.elements[t.element];
      if (el?.kind !== 'table') return undefined;
      const row = el.rows[t.row];
      if (!row) return undefined;
      const v = row[t.col];
      return pick(v === undefined ? '' : String(v), el.cellRuns?.[t.row]?.[t.col] ?? undefined);
    }
  }
}

/** The runs a target shows: its own, else its text with the layout's formatting. */
export function effectiveRuns(slide: Slide, t: RunsTarget): Run[] {
  const x = textAt(slide, t);
  return x?.runs ?? [{ ...seedFormat(slide, t), text: x?.text ?? '' }];
}

/** Runs worth keeping: undefined when every run has just the seed's formatting. */
export function compactRuns(runs: readonly Run[] | undefined, seed: RunFormat): Run[] | undefined {
  if (!runs) return undefined;
  const n = normalizeRuns(runs, seed);
  return n.every((r) => sameFormat(r, seed)) ? undefined : n;
}

const bulletWith = (b: Bullet | undefined, text: string, runs: Run[] | undefined): Bullet => {
  const level = typeof b === 'object' ? (b.level ?? 0) : 0;
  if (!runs) return level ? { text, level } : text;
  return { text, level, runs };
};

function setCell(el: Extract<SlideElement, { kind: 'table' }>, row: number, col: number, text: string, runs: Run[] | undefined): SlideElement {
  const rows = el.rows.map((r) => [...r]);
  const r = rows[row];
  if (!r) return el;
  while (r.length <= col) r.push('');
  const old = el.rows[row]?.[col];
  r[col] = typeof old === 'number' && text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : text;
  const grid: Array<Array<Run[] | null>> = (el.cellRuns ?? []).map((x) => [...x]);
  if (runs) {
    while (grid.length <= row) grid.push([]);
    const g = grid[row]!;
    while (g.length <= col) g.push(null);
    g[col] = runs;
  } else if (grid[row] && col < grid[row].length) grid[row][col] = null;
  const { cellRuns: _old, ...rest } = el;
  void _old;
  const kept = grid.some((x) => x.some((c) => c !== null));
  return { ...rest, rows, ...(kept ? { cellRuns: grid } : {}) };
}

/**
 * The slide with the target's text set to `text` and its runs to `runs` (compacted against the
 * layout's formatting: runs that add nothing are dropped).
 */
export function setTextAt(slide: Slide, t: RunsTarget, text: string, runs: Run[] | undefined): Slide {
  const kept = compactRuns(runs, seedFormat(slide, t));
  switch (t.kind) {
    case 'title': {
      const { titleRuns: _t, ...rest } = slide;
      void _t;
      return { ...rest, title: text, ...(kept ? { titleRuns: kept } : {}) };
    }
    case 'subtitle': {
      const { subtitleRuns: _s, ...rest } = slide;
      void _s;
      return { ...rest, subtitle: text, ...(kept ? { subtitleRuns: kept } : {}) };
    }
    case 'bullet':
      return { ...slide, bullets: (slide.bullets ?? []).map((b, i) => (i === t.index ? bulletWith(b, text, kept) : b)) };
    case 'heading':
    case 'column-bullet':
      return {
        ...slide,
        columns: (slide.columns ?? []).map((c, i) => {
          if (i !== t.column) return c;
          if (t.kind === 'column-bullet') return { ...c, bullets: c.bullets.map((b, k) => (k === t.index ? bulletWith(b, text, kept) : b)) };
          const { headingRuns: _h, ...rest } = c;
          void _h;
          return { ...rest, heading: text, ...(kept ? { headingRuns: kept } : {}) } satisfies SlideColumn;
        }),
      };
    case 'cell':
      return {
        ...slide,
        elements: slide.elements.map((e, k) => (k === t.element && e.kind === 'table' ? setCell(e, t.row, t.col, text, kept) : e)),
      };
  }
}

/**
 * Formatting `patch` on [start, end) of the target's text (start = end: all of it), its runs split at
 * the ends; the text itself does not change.
 */
export function formatTextAt(slide: Slide, t: RunsTarget, start: number, end: number, patch: RunPatch): Slide {
  const x = textAt(slide, t);
  if (!x) return slide;
  const runs = effectiveRuns(slide, t);
  const total = runsText(runs).length;
  const next = end > start ? formatRange(runs, start, end, patch) : formatRange(runs, 0, total, patch);
  return setTextAt(slide, t, x.text, next);
}

const staleBullet = (b: Bullet): Bullet => {
  if (typeof b === 'string' || !b.runs || runsText(b.runs) === b.text) return b;
  const { runs: _r, ...rest } = b;
  void _r;
  return rest;
};

/**
 * The slide without runs whose text is no longer the plain text beside them (a writer that changed
 * the text without runs, such as the agent, or a merge that took the text of one side and the
 * formatting of the other). The same slide comes back when nothing is stale.
 */
export function dropStaleRuns(slide: Slide): Slide {
  let changed = false;
  const next: Slide = { ...slide };
  if (slide.titleRuns && runsText(slide.titleRuns) !== slide.title) {
    delete next.titleRuns;
    changed = true;
  }
  if (slide.subtitleRuns && runsText(slide.subtitleRuns) !== slide.subtitle) {
    delete next.subtitleRuns;
    changed = true;
  }
  if (slide.bullets) {
    const bs = slide.bullets.map(staleBullet);
    if (bs.some((b, i) => b !== slide.bullets![i])) {
      next.bullets = bs;
      changed = true;
    }
  }
  if (slide.columns) {
    const cols = slide.columns.map((c) => {
      // (the merge passes models that were not parsed: a column without bullets is left alone)
      if (!Array.isArray(c.bullets)) return c;
      const bullets = c.bullets.map(staleBullet);
      const headingStale = !!c.headingRuns && runsText(c.headingRuns) !== c.heading;
      if (!headingStale && bullets.every((b, i) => b === c.bullets[i])) return c;
      const out: SlideColumn = { ...c, bullets };
      if (headingStale) delete out.headingRuns;
      return out;
    });
    if (cols.some((c, i) => c !== slide.columns![i])) {
      next.columns = cols;
      changed = true;
    }
  }
  const els = slide.elements.map((e) => {
    if (e.kind !== 'table' || !e.cellRuns) return e;
    let stale = false;
    const grid = e.cellRuns.map((row, r) =>
      row.map((runs, c) => {
        if (!runs) return null;
        const v = e.rows[r]?.[c];
        if (v !== undefined && runsText(runs) === String(v)) return runs;
        stale = true;
        return null;
      }),
    );
    if (!stale) return e;
    const { cellRuns: _c, ...rest } = e;
    void _c;
    return grid.some((row) => row.some((x) => x !== null)) ? { ...rest, cellRuns: grid } : rest;
  });
  if (els.some((e, i) => e !== slide.elements[i])) {
    next.elements = els;
    changed = true;
  }
  return changed ? next : slide;
}

/** Bullets as a reader that does not know runs wants them (the agent's view of a slide). */
export const plainBullets = (bs: readonly Bullet[]): Bullet[] =>
  bs.map((b) => (typeof b === 'string' || !b.runs ? b : b.level ? { text: b.text, level: b.level } : b.text));

/** Runs cut at line breaks: one list of runs per line (a title of several lines). */
export function runLines(runs: readonly Run[]): Run[][] {
  const lines: Run[][] = [[]];
  for (const r of runs) {
    const parts = r.text.split(/\r\n?|\n/);
    parts.forEach((p, i) => {
      if (i > 0) lines.push([]);
      if (p) lines[lines.length - 1]!.push({ ...r, text: p });
    });
  }
  return lines;
}
