/**
 * .pptx → deck model, best effort, with JSZip + fast-xml-parser.
 *
 * Kept: slide order, titles (title placeholders, or the large text at the top of the slide),
 * subtitles, bullets with levels, other text boxes with run formatting (bold, italic, underline,
 * colour, size, font, links) and positions, pictures (as data: URLs) with positions, native charts
 * (type, title, categories, series names and cached values), tables (cell text), basic shapes
 * (rect, roundRect, ellipse, triangle, line, arrows) with fill/line/text, speaker notes, solid
 * slide backgrounds.
 * Lost: masters/layouts and theme (replaced by the model's default theme), grouped shapes'
 * transforms (children are flattened), gradients and pictures fills, animations and transitions,
 * SmartArt, embedded media, cell formatting and merges in tables, chart styling, slide numbers.
 */
import type JSZip from 'jszip';
import { XMLParser } from 'fast-xml-parser';
import { DocumentLimitError, UnreadableDocumentError, documentLimits } from '../common/document-limits';
import { openZip } from '../common/open-zip';
import { MAX_SLIDES_PER_DECK, deckSchema, type Deck, type Run, type Slide, type SlideElement, type SlideParagraph } from './schema';
import { sniffImage } from '../common/image-data';
import { resolvePartPath, textValue } from '../common/xml';

const EMU = 914_400;
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: false,
  isArray: (name) => ['sp', 'pic', 'graphicFrame', 'grpSp', 'cxnSp', 'p', 'r', 'br', 'tr', 'tc', 'ser', 'pt', 'Relationship', 'sldId', 'gridCol'].includes(name),
});

type X = Record<string, unknown>;
const get = (o: unknown, ...path: string[]): unknown => path.reduce<unknown>((a, k) => (a && typeof a === 'object' ? (a as X)[k] : undefined), o);
const arr = (v: unknown): X[] => (Array.isArray(v) ? (v as X[]) : v ? [v as X] : []);
const inches = (v: unknown) => Math.round((Number(v ?? 0) / EMU) * 1000) / 1000;

async function rels(zip: JSZip, part: string): Promise<Map<string, { type: string; target: string }>> {
  const dir = part.slice(0, part.lastIndexOf('/'));
  const file = zip.file(`${dir}/_rels/${part.slice(part.lastIndexOf('/') + 1)}.rels`);
  const out = new Map<string, { type: string; target: string }>();
  if (!file) return out;
  for (const r of arr(get(parser.parse(await file.async('string')), 'Relationships', 'Relationship'))) {
    out.set(String(r['@Id']), { type: String(r['@Type']), target: r['@TargetMode'] === 'External' ? String(r['@Target']) : resolvePartPath(dir, String(r['@Target'])) });
  }
  return out;
}

function color(o: unknown): string | undefined {
  const v = get(o, 'solidFill', 'srgbClr', '@val');
  return typeof v === 'string' && /^[0-9A-Fa-f]{6}$/.test(v) ? `#${v.toUpperCase()}` : undefined;
}

function textOf(p: X): string {
  return arr(p.r)
    .map((r) => {
      const t = r.t;
      return typeof t === 'string' ? t : typeof t === 'object' && t ? textValue((t as X)['#text']) : '';
    })
    .join('');
}

function runsOf(p: X, links: Map<string, { type: string; target: string }>): Run[] {
  return arr(p.r)
    .map((r) => {
      const rpr = (r.rPr ?? {}) as X;
      const t = r.t;
      const text = typeof t === 'string' ? t : typeof t === 'object' && t ? textValue((t as X)['#text']) : '';
      const run: Run = { text };
      if (rpr['@b'] === '1') run.bold = true;
      if (rpr['@i'] === '1') run.italic = true;
      if (rpr['@u'] && rpr['@u'] !== 'none') run.underline = true;
      const c = color(rpr);
      if (c) run.color = c;
      if (rpr['@sz']) run.size = Number(rpr['@sz']) / 100;
      const font = get(rpr, 'latin', '@typeface');
      if (typeof font === 'string' && !font.startsWith('+')) run.font = font;
      const rid = get(rpr, 'hlinkClick', '@id');
      const link = typeof rid === 'string' ? links.get(rid)?.target : undefined;
      if (link && /^https?:\/\//.test(link)) run.link = link;
      return run;
    })
    .filter((r) => r.text.length > 0);
}

interface Para {
  text: string;
  runs: Run[];
  level: number;
  bullet: boolean | 'number';
  size: number;
  align?: 'left' | 'center' | 'right';
}

function paragraphs(txBody: unknown, links: Map<string, { type: string; target: string }>): Para[] {
  return arr(get(txBody, 'p')).map((p) => {
    const ppr = (p.pPr ?? {}) as X;
    const runs = runsOf(p, links);
    const bullet: Para['bullet'] = ppr.buAutoNum !== undefined ? 'number' : ppr.buChar !== undefined || ppr.buBlip !== undefined ? true : false;
    const algn = ppr['@algn'];
    return {
      text: textOf(p),
      runs,
      level: Number(ppr['@lvl'] ?? 0),
      bullet,
      size: Math.max(0, ...runs.map((r) => r.size ?? 0)),
      ...(algn === 'ctr' ? { align: 'center' as const } : algn === 'r' ? { align: 'right' as const } : {}),
    };
  });
}

function xfrm(node: unknown, key = 'spPr'): { x: number; y: number; w: number; h: number } | undefined {
  const x = get(node, key, 'xfrm') ?? get(node, 'xfrm');
  if (!x) return undefined;
  return { x: inches(get(x, 'off', '@x')), y: inches(get(x, 'off', '@y')), w: Math.max(0.05, inches(get(x, 'ext', '@cx'))), h: Math.max(0.05, inches(get(x, 'ext', '@cy'))) };
}

const SHAPES: Record<string, NonNullable<Extract<SlideElement, { kind: 'shape' }>['shape']>> = {
  rect: 'rect',
  roundRect: 'roundRect',
  ellipse: 'ellipse',
  triangle: 'triangle',
  line: 'line',
  rightArrow: 'rightArrow',
  chevron: 'chevron',
};

function parseChart(xml: string, box: { x: number; y: number; w: number; h: number }): SlideElement | undefined {
  const doc: unknown = parser.parse(xml);
  const chart = get(doc, 'chartSpace', 'chart');
  const plot = get(chart, 'plotArea') as X | undefined;
  if (!plot) return undefined;
  const kinds: Array<[string, Extract<SlideElement, { kind: 'chart' }>['chartType']]> = [
    ['barChart', 'column'],
    ['lineChart', 'line'],
    ['pieChart', 'pie'],
    ['doughnutChart', 'doughnut'],
    ['areaChart', 'area'],
    ['scatterChart', 'scatter'],
  ];
  const found = kinds.find(([k]) => plot[k] !== undefined);
  if (!found) return undefined;
  const node = (Array.isArray(plot[found[0]]) ? (plot[found[0]] as X[])[0] : plot[found[0]]) as X;
  let chartType = found[1];
  if (chartType === 'column' && get(node, 'barDir', '@val') === 'bar') chartType = 'bar';
  const cache = (o: unknown): Array<string | number> => {
    const c = get(o, 'strRef', 'strCache') ?? get(o, 'numRef', 'numCache') ?? get(o, 'multiLvlStrRef', 'multiLvlStrCache') ?? get(o, 'strLit') ?? get(o, 'numLit');
    const count = Number(get(c, 'ptCount', '@val') ?? 0);
    const out: Array<string | number> = Array.from({ length: count }, () => '');
    // multi-level caches keep their points in <c:lvl>; the first level holds the labels
    const lvl = get(c, 'lvl');
    const pts = arr(get(c, 'pt')).length ? arr(get(c, 'pt')) : arr(get(Array.isArray(lvl) ? lvl[0] : lvl, 'pt'));
    for (const pt of pts) {
      const v = textValue(get(pt, 'v'));
      out[Number(pt['@idx'])] = v;
    }
    return out;
  };
  const sers = arr(node.ser);
  let categories: Array<string | number> = [];
  const series = sers.map((s, i) => {
    const cats = cache(get(s, chartType === 'scatter' ? 'xVal' : 'cat'));
    if (!categories.length) categories = cats;
    const values = cache(get(s, chartType === 'scatter' ? 'yVal' : 'val')).map((v) => Number(v) || 0);
    const name = String(cache(get(s, 'tx'))[0] ?? textValue(get(s, 'tx', 'v'), `Series ${i + 1}`));
    return { name: name || `Series ${i + 1}`, values };
  });
  if (!series.length || !series[0]!.values.length) return undefined;
  if (!categories.length) categories = series[0]!.values.map((_, i) => String(i + 1));
  if (chartType === 'scatter') categories = categories.map((c) => Number(c) || 0);
  else categories = categories.map(String);
  const titleParas = arr(get(chart, 'title', 'tx', 'rich', 'p'));
  const title = titleParas.map(textOf).join(' ').trim();
  const grouping = get(node, 'grouping', '@val');
  return {
    kind: 'chart',
    ...box,
    chartType,
    ...(title ? { title } : {}),
    categories,
    series,
    showLegend: get(chart, 'legend') !== undefined,
    showValues: false,
    stacked: grouping === 'stacked' || grouping === 'percentStacked',
  };
}

export interface ImportPptxResult {
  deck: Deck;
  warnings: string[];
}

export async function importPptx(buffer: Buffer | Uint8Array, opts: { trusted?: boolean } = {}): Promise<ImportPptxResult> {
  const zip = await openZip(buffer, opts);
  const warnings: string[] = [];
  const presXml = await zip.file('ppt/presentation.xml')?.async('string');
  if (!presXml) throw new Error('not a presentation: ppt/presentation.xml is missing');
  const pres: unknown = parser.parse(presXml);
  const presRels = await rels(zip, 'ppt/presentation.xml');
  const slideParts = arr(get(pres, 'presentation', 'sldIdLst', 'sldId'))
    .map((s) => presRels.get(String(s['@id']))?.target)
    .filter((t): t is string => !!t);
  const maxSlides = Math.min(documentLimits().maxSlides, MAX_SLIDES_PER_DECK);
  if (slideParts.length > maxSlides) {
    throw new DocumentLimitError(`the presentation has ${slideParts.length.toLocaleString('en-US')} slides`, 'MAX_DECK_SLIDES', maxSlides);
  }
  const sldSz = get(pres, 'presentation', 'sldSz') as X | undefined;
  const slideW = inches(sldSz?.['@cx'] ?? 12192000);
  const slideH = inches(sldSz?.['@cy'] ?? 6858000);
  const scale = 13.333 / slideW; // map other slide sizes onto the 16:9 model
  const core = (await zip.file('docProps/core.xml')?.async('string')) ?? '';
  const deckTitle = /<dc:title>([^<]*)<\/dc:title>/.exec(core)?.[1];

  const slides: Slide[] = [];
  for (const [index, part] of slideParts.entries()) {
    const xml = await zip.file(part)?.async('string');
    if (!xml) continue;
    const doc: unknown = parser.parse(xml);
    const links = await rels(zip, part);
    const tree = get(doc, 'sld', 'cSld', 'spTree') as X | undefined;
    const sp: X[] = [];
    const pics: X[] = [];
    const frames: X[] = [];
    const collect = (t: X | undefined) => {
      if (!t) return;
      sp.push(...arr(t.sp));
      pics.push(...arr(t.pic));
      frames.push(...arr(t.graphicFrame));
      for (const g of arr(t.grpSp)) collect(g);
    };
    collect(tree);
    const box = (b: { x: number; y: number; w: number; h: number } | undefined) =>
      b ? { x: +(b.x * scale).toFixed(3), y: +(b.y * scale).toFixed(3), w: +(b.w * scale).toFixed(3), h: +(b.h * scale).toFixed(3) } : {};

    let title: string | undefined;
    let subtitle: string | undefined;
    const bullets: Array<string | { text: string; level: number }> = [];
    const elements: SlideElement[] = [];
    type Cand = { node: X; paras: Para[]; b?: { x: number; y: number; w: number; h: number }; ph?: string };
    const texts: Cand[] = [];
    for (const s of sp) {
      const ph = get(s, 'nvSpPr', 'nvPr', 'ph') as X | undefined;
      const phType = ph ? textValue(ph['@type'], 'body') : undefined;
      const paras = paragraphs(s.txBody, links).filter((p) => p.text.trim() !== '' || p.runs.length);
      const b = xfrm(s);
      const geom = textValue(get(s, 'spPr', 'prstGeom', '@prst'), 'rect');
      const text = paras.map((p) => p.text).join('\n').trim();
      if (!text) {
        // a shape; thin decorative bars (e.g. under titles) are dropped, the renderer draws its own
        if (b && (b.h < 0.1 || b.w < 0.1) && geom !== 'line') continue;
        const shape = SHAPES[geom];
        if (shape && b) {
          const fill = color(s.spPr);
          const line = color(get(s, 'spPr', 'ln'));
          elements.push({ kind: 'shape', ...box(b), shape, ...(fill ? { fill } : {}), ...(line ? { line } : {}) });
        }
        continue;
      }
      if (b && SHAPES[geom] && geom !== 'rect' && color(s.spPr)) {
        const fill = color(s.spPr);
        elements.push({ kind: 'shape', ...box(b), shape: SHAPES[geom], ...(fill ? { fill } : {}), text });
        continue;
      }
      texts.push({ node: s, paras, ...(b ? { b } : {}), ...(phType ? { ph: phType } : {}) });
    }
    // title: a title placeholder, else the largest text in the top third
    let titleCand = texts.find((t) => t.ph === 'title' || t.ph === 'ctrTitle');
    if (!titleCand) {
      const top = texts.filter((t) => t.b && t.b.y < slideH / 3 + 1.5 && t.paras.length <= 2 && t.paras.every((p) => !p.bullet));
      titleCand = top.sort((a, b) => Math.max(...b.paras.map((p) => p.size)) - Math.max(...a.paras.map((p) => p.size)))[0];
      if (titleCand && Math.max(...titleCand.paras.map((p) => p.size)) < 24) titleCand = undefined;
    }
    if (titleCand) title = titleCand.paras.map((p) => p.text).join(' ').trim();
    for (const t of texts) {
      if (t === titleCand) continue;
      const text = t.paras.map((p) => p.text).join('\n').trim();
      // slide numbers
      if (t.ph === 'sldNum' || (/^\d{1,3}$/.test(text) && t.b && t.b.y > slideH - 1)) continue;
      if (t.ph === 'subTitle' || (!subtitle && titleCand && t.b && titleCand.b && t.paras.length === 1 && !t.paras[0]!.bullet && t.b.y > titleCand.b.y && t.b.y - (titleCand.b.y + titleCand.b.h) < 0.9 && t.paras[0]!.size >= 16 && !t.paras[0]!.runs.some((r) => r.bold))) {
        subtitle = text;
        continue;
      }
      const isBulletBox = t.ph === 'body' || (t.paras.length > 0 && t.paras.every((p) => p.bullet === true));
      if (isBulletBox && t.paras.every((p) => p.runs.every((r) => !r.link))) {
        for (const p of t.paras) bullets.push(p.level ? { text: p.text, level: p.level } : p.text);
        continue;
      }
      const paras: SlideParagraph[] = t.paras
        .filter((p) => p.runs.length)
        .map((p) => ({ runs: p.runs, level: p.level, ...(p.bullet ? { bullet: p.bullet } : {}), ...(p.align ? { align: p.align } : {}) }));
      if (paras.length) elements.push({ kind: 'text', ...box(t.b), paragraphs: paras, valign: 'top' });
    }
    for (const pic of pics) {
      const rid = get(pic, 'blipFill', 'blip', '@embed');
      const target = typeof rid === 'string' ? links.get(rid)?.target : undefined;
      const file = target ? zip.file(target) : null;
      if (!file) continue;
      const data = Buffer.from(await file.async('uint8array'));
      const kind = sniffImage(data)?.kind;
      if (!kind) {
        warnings.push(`slide ${index + 1}: unsupported picture format ${target} skipped`);
        continue;
      }
      const mime = { png: 'image/png', jpg: 'image/jpeg', gif: 'image/gif', bmp: 'image/bmp' }[kind];
      const alt = get(pic, 'nvPicPr', 'cNvPr', '@descr');
      elements.push({ kind: 'image', ...box(xfrm(pic)), src: `data:${mime};base64,${data.toString('base64')}`, ...(typeof alt === 'string' && alt ? { alt } : {}), fit: 'stretch' });
    }
    for (const f of frames) {
      const b = xfrm(f, 'xfrm');
      const data = get(f, 'graphic', 'graphicData') as X | undefined;
      if (data?.tbl) {
        const rows = arr(get(data, 'tbl', 'tr')).map((tr) =>
          arr(tr.tc).map((tc) =>
            arr(get(tc, 'txBody', 'p'))
              .map(textOf)
              .join('\n'),
          ),
        );
        const first = get(data, 'tbl', 'tblPr', '@firstRow');
        if (rows.length) elements.push({ kind: 'table', ...box(b), rows, headerRow: first === undefined ? true : first === '1' });
      } else if (data?.chart) {
        const rid = get(data, 'chart', '@id');
        const target = typeof rid === 'string' ? links.get(rid)?.target : undefined;
        const chartXml = target ? await zip.file(target)?.async('string') : undefined;
        const chart = chartXml ? parseChart(chartXml, b ? { x: b.x * scale, y: b.y * scale, w: b.w * scale, h: b.h * scale } : { x: 0.6, y: 1.6, w: 12, h: 5 }) : undefined;
        if (chart) elements.push(chart);
        else warnings.push(`slide ${index + 1}: a chart could not be read`);
      } else warnings.push(`slide ${index + 1}: unsupported graphic frame skipped`);
    }
    // notes
    let notes: string | undefined;
    for (const r of links.values()) {
      if (!r.type.endsWith('/notesSlide')) continue;
      const nx = await zip.file(r.target)?.async('string');
      if (!nx) continue;
      const nd: unknown = parser.parse(nx);
      const shapes = arr(get(nd, 'notes', 'cSld', 'spTree', 'sp'));
      const body = shapes.find((s) => textValue(get(s, 'nvSpPr', 'nvPr', 'ph', '@type')) === 'body') ?? shapes.find((s) => get(s, 'nvSpPr', 'nvPr', 'ph', '@idx') === '1');
      const text = body ? arr(get(body, 'txBody', 'p')).map(textOf).join('\n').trim() : '';
      if (text) notes = text;
    }
    const bg = color(get(doc, 'sld', 'cSld', 'bg', 'bgPr'));
    const has = (k: SlideElement['kind']) => elements.some((e) => e.kind === k);
    let layout: Slide['layout'];
    if (has('chart')) layout = 'chart';
    else if (has('table')) layout = 'table';
    else if (has('image')) layout = 'image';
    else if (bullets.length) layout = 'title-bullets';
    else if (title && !elements.length) layout = bg && bg !== '#FFFFFF' && index > 0 && !subtitle?.includes('·') ? 'section' : 'title';
    else layout = 'blank';
    if (layout === 'blank' && title) {
      // keep the title as text so nothing is lost
      elements.unshift({ kind: 'text', ...box(titleCand?.b), paragraphs: titleCand!.paras.filter((p) => p.runs.length).map((p) => ({ runs: p.runs, level: 0 })), valign: 'top' });
      title = undefined;
    }
    slides.push({
      id: `slide-${index + 1}`,
      layout,
      ...(title ? { title } : {}),
      ...(subtitle ? { subtitle } : {}),
      ...(bullets.length ? { bullets } : {}),
      elements,
      ...(notes ? { notes } : {}),
      ...(bg && !['title', 'section'].includes(layout) && bg !== '#FFFFFF' ? { background: bg } : {}),
    });
  }
  const parsed = deckSchema.safeParse({ ...(deckTitle ? { title: deckTitle } : {}), slides });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UnreadableDocumentError(`the presentation could not be read: ${issue.message} at ${issue.path.join('.') || 'the deck'}`);
  }
  const deck = parsed.data;
  return { deck, warnings };
}
