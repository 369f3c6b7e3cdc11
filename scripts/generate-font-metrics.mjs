// Writes lib/text/font-metrics-data.ts: advance widths (thousandths of an em) of the
// fonts our renderers name, read from the metric-compatible TrueType files Debian ships
// (fonts-crosextra-carlito/-caladea, fonts-liberation2, fonts-dejavu-core). The inspections measure
// text with this table, so nothing at run time needs the font files.
//
//   node scripts/generate-font-metrics.mjs [font directory, default /usr/share/fonts/truetype] [output file]
//
// A small TrueType reader: the table directory, 'head' (units per em), 'hhea' (line metrics, number
// of horizontal metrics), 'OS/2' (Windows ascent/descent: the line height Office and LibreOffice
// use), 'hmtx' (advance widths) and 'cmap' (format 4 or 12 subtable: code point → glyph).
import fs from 'node:fs';
import path from 'node:path';

const root = process.argv[2] ?? '/usr/share/fonts/truetype';
const out = process.argv[3] ?? path.join(import.meta.dirname, '..', 'lib', 'text', 'font-metrics-data.ts');

/** The faces measured: key → [regular file, bold file] under `root`. */
const FACES = {
  carlito: ['crosextra/Carlito-Regular.ttf', 'crosextra/Carlito-Bold.ttf'],
  caladea: ['crosextra/Caladea-Regular.ttf', 'crosextra/Caladea-Bold.ttf'],
  liberationSans: ['liberation2/LiberationSans-Regular.ttf', 'liberation2/LiberationSans-Bold.ttf'],
  liberationSerif: ['liberation2/LiberationSerif-Regular.ttf', 'liberation2/LiberationSerif-Bold.ttf'],
  liberationMono: ['liberation2/LiberationMono-Regular.ttf', 'liberation2/LiberationMono-Bold.ttf'],
  dejaVuSans: ['dejavu/DejaVuSans.ttf', 'dejavu/DejaVuSans-Bold.ttf'],
};

/** Code points outside 32–255 that office text often holds: dashes, quotes, bullet, ellipsis, euro, minus, arrows. */
const EXTRA = [0x2013, 0x2014, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2026, 0x20ac, 0x2122, 0x2190, 0x2192, 0x2212, 0x2248, 0x2264, 0x2265];

function readFont(file) {
  const buf = fs.readFileSync(file);
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const tables = {};
  const numTables = dv.getUint16(4);
  for (let i = 0; i < numTables; i++) {
    const rec = 12 + i * 16;
    const tag = buf.toString('latin1', rec, rec + 4);
    tables[tag] = dv.getUint32(rec + 8);
  }
  for (const t of ['head', 'hhea', 'hmtx', 'cmap', 'OS/2']) if (tables[t] === undefined) throw new Error(`${file}: no '${t}' table`);
  const unitsPerEm = dv.getUint16(tables.head + 18);
  const numberOfHMetrics = dv.getUint16(tables.hhea + 34);
  const winAscent = dv.getUint16(tables['OS/2'] + 74);
  const winDescent = dv.getUint16(tables['OS/2'] + 76);
  const advance = (glyph) => dv.getUint16(tables.hmtx + 4 * Math.min(glyph, numberOfHMetrics - 1));

  // cmap: prefer the Windows full-repertoire (3,10) subtable, then Windows BMP (3,1), then Unicode (0,*)
  const cmap = tables.cmap;
  const subtables = [];
  for (let i = 0; i < dv.getUint16(cmap + 2); i++) {
    const rec = cmap + 4 + i * 8;
    subtables.push({ platform: dv.getUint16(rec), encoding: dv.getUint16(rec + 2), offset: cmap + dv.getUint32(rec + 4) });
  }
  const rank = (s) => (s.platform === 3 && s.encoding === 10 ? 0 : s.platform === 3 && s.encoding === 1 ? 1 : s.platform === 0 ? 2 : 9);
  const usable = subtables.filter((s) => rank(s) < 9 && [4, 12].includes(dv.getUint16(s.offset))).sort((a, b) => rank(a) - rank(b));
  if (!usable.length) throw new Error(`${file}: no Unicode cmap subtable of format 4 or 12`);
  const sub = usable[0].offset;
  let glyphOf;
  if (dv.getUint16(sub) === 12) {
    const groups = dv.getUint32(sub + 12);
    glyphOf = (cp) => {
      for (let g = 0; g < groups; g++) {
        const rec = sub + 16 + g * 12;
        const start = dv.getUint32(rec);
        const end = dv.getUint32(rec + 4);
        if (cp >= start && cp <= end) return dv.getUint32(rec + 8) + (cp - start);
      }
      return 0;
    };
  } else {
    const segCount = dv.getUint16(sub + 6) / 2;
    const ends = sub + 14;
    const starts = ends + 2 * segCount + 2;
    const deltas = starts + 2 * segCount;
    const rangeOffsets = deltas + 2 * segCount;
    glyphOf = (cp) => {
      for (let s = 0; s < segCount; s++) {
        if (cp > dv.getUint16(ends + 2 * s)) continue;
        const start = dv.getUint16(starts + 2 * s);
        if (cp < start) return 0;
        const delta = dv.getInt16(deltas + 2 * s);
        const ro = dv.getUint16(rangeOffsets + 2 * s);
        if (ro === 0) return (cp + delta) & 0xffff;
        const g = dv.getUint16(rangeOffsets + 2 * s + ro + 2 * (cp - start));
        return g === 0 ? 0 : (g + delta) & 0xffff;
      }
      return 0;
    };
  }
  const per1000 = (units) => Math.round((units * 1000) / unitsPerEm);
  const widths = [];
  for (let cp = 32; cp <= 255; cp++) {
    const g = glyphOf(cp);
    widths.push(g ? per1000(advance(g)) : 0);
  }
  const extra = {};
  for (const cp of EXTRA) {
    const g = glyphOf(cp);
    if (g) extra[cp] = per1000(advance(g));
  }
  // the width used for characters not in the table: the mean of a–z and A–Z
  const letters = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'].map((c) => widths[c.charCodeAt(0) - 32]);
  const fallback = Math.round(letters.reduce((a, b) => a + b, 0) / letters.length);
  return { widths, extra, fallback, lineHeight: Math.round(((winAscent + winDescent) / unitsPerEm) * 1000) / 1000 };
}

const data = {};
for (const [key, [regular, bold]] of Object.entries(FACES)) {
  data[key] = { regular: readFont(path.join(root, regular)), bold: readFont(path.join(root, bold)) };
}

const face = (f) =>
  `{ lineHeight: ${f.lineHeight}, fallback: ${f.fallback}, widths: [${f.widths.join(',')}], extra: { ${Object.entries(f.extra)
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ')} } }`;
const body = Object.entries(data)
  .map(([key, v]) => `  ${key}: {\n    regular: ${face(v.regular)},\n    bold: ${face(v.bold)},\n  },`)
  .join('\n');
fs.writeFileSync(
  out,
  `// Generated by scripts/generate-font-metrics.mjs from ${Object.values(FACES)
    .flat()
    .map((f) => path.basename(f, '.ttf'))
    .join(', ')}. Do not edit.
// Advance widths in thousandths of an em for code points 32–255 (index = code point − 32; 0 = no
// glyph), a few common code points above 255 in \`extra\`, \`fallback\` for anything else, and the line
// height (Windows ascent + descent) in ems.
export interface FaceMetrics {
  lineHeight: number;
  fallback: number;
  widths: number[];
  extra: Record<number, number>;
}

export const FONT_METRICS = {
${body}
} satisfies Record<string, { regular: FaceMetrics; bold: FaceMetrics }>;
`,
);
console.log(`wrote ${path.relative(process.cwd(), out)}`);
