/** Decodes image sources (data: URLs or resolver-provided bytes) and reads intrinsic sizes. */

export type ImageKind = 'png' | 'jpg' | 'gif' | 'bmp';

export interface ImageData {
  data: Buffer;
  kind: ImageKind;
  width: number;
  height: number;
  mime: string;
}

/** Resolves a non-data: image source (e.g. an uploaded image id) to bytes. */
export type ImageResolver = (src: string) => Promise<Buffer | undefined> | Buffer | undefined;

export function sniffImage(data: Buffer): { kind: ImageKind; width: number; height: number } | undefined {
  if (data.length > 24 && data.readUInt32BE(0) === 0x89504e47) {
    return { kind: 'png', width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
  }
  if (data.length > 10 && data[0] === 0x47 && data[1] === 0x49 && data[2] === 0x46) {
    return { kind: 'gif', width: data.readUInt16LE(6), height: data.readUInt16LE(8) };
  }
  if (data.length > 26 && data[0] === 0x42 && data[1] === 0x4d) {
    return { kind: 'bmp', width: data.readInt32LE(18), height: Math.abs(data.readInt32LE(22)) };
  }
  if (data.length > 4 && data[0] === 0xff && data[1] === 0xd8) {
    let i = 2;
    while (i + 9 < data.length) {
      if (data[i] !== 0xff) {
        i++;
        continue;
      }
      const marker = data[i + 1]!;
      const len = data.readUInt16BE(i + 2);
      // SOF0..SOF15 except DHT (C4), JPG (C8), DAC (CC)
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { kind: 'jpg', height: data.readUInt16BE(i + 5), width: data.readUInt16BE(i + 7) };
      }
      i += 2 + len;
    }
    return { kind: 'jpg', width: 0, height: 0 };
  }
  return undefined;
}

const MIME: Record<ImageKind, string> = { png: 'image/png', jpg: 'image/jpeg', gif: 'image/gif', bmp: 'image/bmp' };

export async function loadImage(src: string, resolver?: ImageResolver): Promise<ImageData | undefined> {
  let data: Buffer | undefined;
  const m = /^data:([^;,]+)?(;base64)?,(.*)$/s.exec(src);
  if (m) data = m[2] ? Buffer.from(m[3]!, 'base64') : Buffer.from(decodeURIComponent(m[3]!), 'utf8');
  else if (resolver) data = await resolver(src);
  if (!data) return undefined;
  const info = sniffImage(data);
  if (!info) return undefined;
  return { data, ...info, mime: MIME[info.kind] };
}

export function toDataUrl(data: Buffer, mime: string): string {
  return `data:${mime};base64,${data.toString('base64')}`;
}
