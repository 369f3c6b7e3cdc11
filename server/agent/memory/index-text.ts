/**
 * The structural index as compact text for prompts (a line per sheet / section / slide), and back.
 * The text costs about half the tokens of the JSON; the offline model reads it back with indexFromText.
 */
import type { DeckIndex, DocumentIndex, StructuralIndex, WorkbookIndex } from '../types';

const q = (s: string) => `"${s.replace(/"/g, "'").replace(/\n/g, ' ')}"`;
const unq = (s: string) => s.replace(/^"|"$/g, '');
const cell = (s: string) => s.replace(/\s*\|\s*/g, ' / ').replace(/\n/g, ' ');

function workbookText(ix: WorkbookIndex): string {
  const lines = ['workbook'];
  for (const s of ix.sheets) {
    const head = [`sheet ${q(s.name)}`, s.usedRange ?? 'empty', ...(s.headerRow ? [`header@${s.headerRow}`] : []), ...(s.frozen ? [`frozen=${s.frozen.rows}x${s.frozen.cols}`] : [])].join(' ');
    lines.push(s.headers.length ? `${head} | ${s.headers.map(cell).join(' | ')}` : head);
    for (const c of s.charts) lines.push(`  chart ${c}`);
    for (const t of s.tables) lines.push(`  table ${t}`);
  }
  return lines.join('\n');
}

function documentText(ix: DocumentIndex): string {
  const head = ['document', ...(ix.title ? [q(ix.title)] : []), ...(ix.header ? [`header=${q(ix.header)}`] : []), ...(ix.footer ? [`footer=${q(ix.footer)}`] : []), `tables=${ix.tables}`, `images=${ix.images}`];
  return [head.join(' '), ...ix.sections.map((s) => `${s.level ? '#'.repeat(s.level) : '-'} ${s.id}: ${s.title} (${s.blocks} blocks)`)].join('\n');
}

function deckText(ix: DeckIndex): string {
  const lines = [`deck${ix.title ? ` ${q(ix.title)}` : ''} ${ix.slides.length} slides`];
  for (const s of ix.slides) {
    lines.push(`${s.id}${s.layout === 'title-bullets' ? '' : ` [${s.layout}]`} ${s.title.replace(/\n/g, ' ')}`);
    for (const v of s.visuals ?? []) lines.push(`  ${v.replace(/\n/g, ' ')}`);
  }
  return lines.join('\n');
}

export function indexToText(ix: StructuralIndex): string {
  return ix.kind === 'workbook' ? workbookText(ix) : ix.kind === 'document' ? documentText(ix) : deckText(ix);
}

export function indexFromText(text: string): StructuralIndex | undefined {
  const lines = text.split('\n');
  const first = lines[0] ?? '';
  if (first === 'workbook') {
    const ix: WorkbookIndex = { kind: 'workbook', sheets: [] };
    for (const line of lines.slice(1)) {
      const sheet = /^sheet "([^"]*)" (\S+)((?: header@\d+)?)((?: frozen=\d+x\d+)?)(?: \| (.*))?$/.exec(line);
      if (sheet) {
        const frozen = /frozen=(\d+)x(\d+)/.exec(sheet[4] ?? '');
        const headerRow = /header@(\d+)/.exec(sheet[3] ?? '');
        ix.sheets.push({
          name: sheet[1]!,
          usedRange: sheet[2] === 'empty' ? null : sheet[2]!,
          headers: sheet[5] ? sheet[5].split(' | ') : [],
          ...(headerRow ? { headerRow: Number(headerRow[1]) } : {}),
          tables: [],
          charts: [],
          ...(frozen ? { frozen: { rows: Number(frozen[1]), cols: Number(frozen[2]) } } : {}),
        });
        continue;
      }
      const last = ix.sheets[ix.sheets.length - 1];
      if (last && line.startsWith('  chart ')) last.charts.push(line.slice(8));
      if (last && line.startsWith('  table ')) last.tables.push(line.slice(8));
    }
    return ix;
  }
  if (first.startsWith('document')) {
    const title = /^document "([^"]*)"/.exec(first)?.[1];
    const header = /header=("[^"]*")/.exec(first)?.[1];
    const footer = /footer=("[^"]*")/.exec(first)?.[1];
    const ix: DocumentIndex = {
      kind: 'document',
      ...(title ? { title } : {}),
      ...(header ? { header: unq(header) } : {}),
      ...(footer ? { footer: unq(footer) } : {}),
      sections: [],
      tables: Number(/tables=(\d+)/.exec(first)?.[1] ?? 0),
      images: Number(/images=(\d+)/.exec(first)?.[1] ?? 0),
    };
    for (const line of lines.slice(1)) {
      const m = /^(#{1,6}|-) ([^:]+): (.*) \((\d+) blocks\)$/.exec(line);
      if (m) ix.sections.push({ id: m[2]!, level: m[1] === '-' ? 0 : m[1]!.length, title: m[3]!, blocks: Number(m[4]) });
    }
    return ix;
  }
  if (first.startsWith('deck')) {
    const title = /^deck "([^"]*)"/.exec(first)?.[1];
    const ix: DeckIndex = { kind: 'deck', ...(title ? { title } : {}), slides: [] };
    for (const line of lines.slice(1)) {
      const last = ix.slides[ix.slides.length - 1];
      if (line.startsWith('  ')) {
        if (last) (last.visuals ??= []).push(line.slice(2));
        continue;
      }
      const m = /^(\S+)(?: \[([a-z-]+)\])? ?(.*)$/.exec(line);
      if (m) ix.slides.push({ id: m[1]!, layout: m[2] ?? 'title-bullets', title: m[3] ?? '' });
    }
    return ix;
  }
  return undefined;
}
