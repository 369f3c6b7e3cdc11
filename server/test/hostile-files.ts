// Hostile files for the hardening suite, built in memory: zip bombs (honest and lying about their
// size), a 2M-cell workbook, XXE and "billion laughs" parts in xlsx and docx, a 10,000-slide deck,
// a PNG that declares a 100,000 × 100,000 canvas, a fake PDF and an SVG named .png.
import { crc32, deflateRawSync } from 'node:zlib';
import { assembleZip, writeZip, type PackedEntry } from '../documents/common/zip-writer';

const honest = (name: string, text: string | Buffer): PackedEntry => {
  const data = typeof text === 'string' ? Buffer.from(text) : text;
  return { name, packed: deflateRawSync(data), crc: crc32(data), size: data.length };
};

const CT_XLSX = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`;
const ROOT_RELS = (target: string, type = 'officeDocument') =>
  `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/${type}" Target="${target}"/></Relationships>`;
const WORKBOOK = `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>`;
const WB_RELS = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`;
const SHEET_OPEN = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
const SHEET_CLOSE = '</sheetData></worksheet>';

function xlsxWith(sheet: PackedEntry): Buffer {
  return assembleZip([honest('[Content_Types].xml', CT_XLSX), honest('_rels/.rels', ROOT_RELS('xl/workbook.xml')), honest('xl/workbook.xml', WORKBOOK), honest('xl/_rels/workbook.xml.rels', WB_RELS), sheet]);
}

/**
 * A deflate stream of `copies` MiB of one repeated row of cells, made by repeating one
 * sync-flushed MiB (each copy's back-references stay inside the 32 KiB window), so a 3 GiB part
 * costs milliseconds to build.
 */
function repeatedDeflate(mib: number): Buffer {
  const row = '<row><c t="n"><v>1</v></c></row>';
  const unit = Buffer.from(row.repeat(Math.ceil((1 << 20) / row.length))).subarray(0, 1 << 20);
  const block = deflateRawSync(unit, { level: 9, finishFlush: 2 /* Z_SYNC_FLUSH */ });
  return Buffer.concat([...Array.from({ length: mib }, () => block), Buffer.from([0x03, 0x00])]);
}

/** sheet1.xml inflates to `gib` GiB; the headers say so (lie: false) or say 4 KiB (lie: true). */
export function zipBombXlsx(opts: { gib: number; lie: boolean }): Buffer {
  const mib = Math.round(opts.gib * 1024);
  return xlsxWith({ name: 'xl/worksheets/sheet1.xml', packed: repeatedDeflate(mib), crc: 0, size: opts.lie ? 4096 : mib * (1 << 20) });
}

/** A plain workbook of `rows` × `cols` numeric cells (2M cells ≈ 5 MB zipped). */
export function bigWorkbook(rows: number, cols: number): Buffer {
  const parts: string[] = [SHEET_OPEN];
  const letters = Array.from({ length: cols }, (_, i) => String.fromCharCode(65 + i));
  for (let r = 1; r <= rows; r++) {
    let line = `<row r="${r}">`;
    for (const l of letters) line += `<c r="${l}${r}"><v>${r}</v></c>`;
    parts.push(line + '</row>');
  }
  parts.push(SHEET_CLOSE);
  return xlsxWith(honest('xl/worksheets/sheet1.xml', parts.join('')));
}

const XXE_DTD = '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>';
const LAUGHS_DTD = `<!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('')}]>`;

/** A workbook whose sheet declares an external entity (XXE) or nested entities (billion laughs). */
export function entityXlsx(kind: 'xxe' | 'laughs'): Buffer {
  const dtd = kind === 'xxe' ? XXE_DTD : LAUGHS_DTD;
  const ref = kind === 'xxe' ? '&xxe;' : '&lol9;';
  return xlsxWith(honest('xl/worksheets/sheet1.xml', `<?xml version="1.0" encoding="UTF-8"?>${dtd}<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>${ref}</t></is></c></row>${SHEET_CLOSE}`));
}

const CT_DOCX = `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`;

/** A docx whose document part declares an external entity or nested entities. */
export function entityDocx(kind: 'xxe' | 'laughs'): Buffer {
  const dtd = kind === 'xxe' ? XXE_DTD : LAUGHS_DTD;
  const ref = kind === 'xxe' ? '&xxe;' : '&lol9;';
  const doc = `<?xml version="1.0" encoding="UTF-8"?>${dtd}<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>${ref}</w:t></w:r></w:p></w:body></w:document>`;
  return assembleZip([honest('[Content_Types].xml', CT_DOCX), honest('_rels/.rels', ROOT_RELS('word/document.xml')), honest('word/document.xml', doc)]);
}

/** A docx whose body nests `depth` block quotes' worth of elements. */
export function deepDocx(depth: number): Buffer {
  const doc = `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${'<w:sdt><w:sdtContent>'.repeat(depth)}<w:p/>${'</w:sdtContent></w:sdt>'.repeat(depth)}</w:body></w:document>`;
  return assembleZip([honest('[Content_Types].xml', CT_DOCX), honest('_rels/.rels', ROOT_RELS('word/document.xml')), honest('word/document.xml', doc)]);
}

/**
 * A deck of `slides` slides. With `parts: 'shared'` every slide id points at one slide part (a
 * small file that still declares 10,000 slides); with 'own' each slide is its own part.
 */
export function manySlidesPptx(slides: number, parts: 'own' | 'shared'): Buffer {
  const P = 'http://schemas.openxmlformats.org/presentationml/2006/main';
  const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const count = parts === 'own' ? slides : 1;
  const ct = `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/ppt/presentation.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"/>${Array.from({ length: count }, (_, i) => `<Override PartName="/ppt/slides/slide${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.slide+xml"/>`).join('')}</Types>`;
  const pres = `<?xml version="1.0" encoding="UTF-8"?><p:presentation xmlns:p="${P}" xmlns:r="${R}"><p:sldIdLst>${Array.from({ length: slides }, (_, i) => `<p:sldId id="${256 + i}" r:id="rId${i + 1}"/>`).join('')}</p:sldIdLst><p:sldSz cx="12192000" cy="6858000"/></p:presentation>`;
  const rels = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${Array.from({ length: slides }, (_, i) => `<Relationship Id="rId${i + 1}" Type="${R}/slide" Target="slides/slide${parts === 'own' ? i + 1 : 1}.xml"/>`).join('')}</Relationships>`;
  const slide = `<?xml version="1.0" encoding="UTF-8"?><p:sld xmlns:p="${P}" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><p:cSld><p:spTree/></p:cSld></p:sld>`;
  return writeZip(
    [
      { name: '[Content_Types].xml', data: Buffer.from(ct) },
      { name: '_rels/.rels', data: Buffer.from(ROOT_RELS('ppt/presentation.xml')) },
      { name: 'ppt/presentation.xml', data: Buffer.from(pres) },
      { name: 'ppt/_rels/presentation.xml.rels', data: Buffer.from(rels) },
      ...Array.from({ length: count }, (_, i) => ({ name: `ppt/slides/slide${i + 1}.xml`, data: Buffer.from(slide) })),
    ],
    6,
  );
}

/** A valid PNG signature and IHDR declaring width × height, with a tiny IDAT: a decompression bomb for decoders. */
export function pngBomb(width = 100_000, height = 100_000): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateRawSync(Buffer.alloc(1024))), chunk('IEND', Buffer.alloc(0))]);
}

export const fakePdf = (): Buffer => Buffer.from('%PDF-1.7\n' + 'this is not a PDF body at all\n'.repeat(50));

export const svgAsPng = (): Buffer =>
  Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><script>alert(1)</script><rect width="100" height="100"/></svg>');
