/**
 * A minimal ZIP writer (deflate with Node's zlib, no ZIP64) for office packages. JSZip deflates in
 * JavaScript, 16 KB at a time with a macrotask between chunks; for a multi-megabyte worksheet that
 * costs more than building the XML, and on a busy machine each of those turns waits for the CPU.
 */
import { crc32, deflateRawSync } from 'node:zlib';
import type JSZip from 'jszip';

export interface ZipEntry {
  name: string;
  data: Buffer;
}

const DOS_DATE_1980_01_01 = (0 << 9) | (1 << 5) | 1;

/** The ZIP archive of the entries, in order; every entry deflated at `level`. */
export function writeZip(entries: ZipEntry[], level: number): Buffer {
  return assembleZip(entries.map((e) => ({ name: e.name, packed: deflateRawSync(e.data, { level }), crc: crc32(e.data), size: e.data.length })));
}

/** An entry already deflated: its raw deflate stream, the CRC-32 and the size its headers state. */
export interface PackedEntry {
  name: string;
  packed: Buffer;
  crc: number;
  size: number;
}

/** The ZIP archive of deflated entries, with the CRCs and sizes as given (tests build lying archives with it). */
export function assembleZip(entries: PackedEntry[]): Buffer {
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const utf8Flag = /^[\x20-\x7e]*$/.test(e.name) ? 0 : 0x0800;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    local.writeUInt16LE(utf8Flag, 6);
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(0, 10); // time 00:00
    local.writeUInt16LE(DOS_DATE_1980_01_01, 12);
    local.writeUInt32LE(e.crc, 14);
    local.writeUInt32LE(e.packed.length, 18);
    local.writeUInt32LE(e.size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    chunks.push(local, name, e.packed);

    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4); // made by: 2.0, MS-DOS
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(utf8Flag, 8);
    dir.writeUInt16LE(8, 10);
    dir.writeUInt16LE(0, 12);
    dir.writeUInt16LE(DOS_DATE_1980_01_01, 14);
    dir.writeUInt32LE(e.crc, 16);
    dir.writeUInt32LE(e.packed.length, 20);
    dir.writeUInt32LE(e.size, 24);
    dir.writeUInt16LE(name.length, 28);
    // extra length, comment length, disk number, internal and external attributes: 0
    dir.writeUInt32LE(offset, 42);
    central.push(dir, name);
    offset += local.length + name.length + e.packed.length;
  }
  const centralSize = central.reduce((n, b) => n + b.length, 0);
  if (offset + centralSize > 0xffffffff || entries.length > 0xffff) throw new Error('package too large for a ZIP without ZIP64');
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, ...central, end]);
}

/** The files of a JSZip archive (directories left out), in order, with some contents replaced. */
export async function zipEntries(zip: JSZip, replace: Map<string, Buffer> = new Map()): Promise<ZipEntry[]> {
  const out: ZipEntry[] = [];
  for (const [name, file] of Object.entries(zip.files)) {
    if (file.dir) continue;
    out.push({ name, data: replace.get(name) ?? (await file.async('nodebuffer')) });
  }
  return out;
}
