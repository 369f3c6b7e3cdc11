// What an image must be before the editor places it in a document: a type the Word and PowerPoint
// renderers embed (png, jpeg, gif — sniffed from the bytes, never the name), at most
// MAX_EDITOR_IMAGE_BYTES, and a readable header whose width × height fits MAX_IMAGE_PIXELS — the
// size is read from the header before anything decodes the pixels. Every refusal is a 4xx.
import 'server-only';
import { sniffImage } from '../documents/common/image-data';
import { env } from '../env';
import { ApiError } from '../http/api-error';
import { detectImageType } from '../files/detect-file-type';
import { MAX_EDITOR_IMAGE_BYTES } from './schemas';

export interface CheckedEditorImage {
  mime: 'image/png' | 'image/jpeg' | 'image/gif';
  width: number;
  height: number;
}

const MIME = { png: 'image/png', jpg: 'image/jpeg', gif: 'image/gif' } as const;

export function checkEditorImage(bytes: Buffer): CheckedEditorImage {
  if (bytes.length > MAX_EDITOR_IMAGE_BYTES) throw tooLarge();
  const type = detectImageType(bytes);
  if (!type) throw new ApiError('unsupported_media_type', 'the file is not a PNG, JPEG or GIF image (its content decides, not its name)');
  if (type.kind === 'webp') throw new ApiError('unsupported_media_type', 'WebP images cannot be embedded in Word or PowerPoint files: convert it to PNG or JPEG');
  // a PNG's first chunk must be its header
  if (type.kind === 'png' && bytes.subarray(12, 16).toString('latin1') !== 'IHDR') throw unreadable();
  const info = sniffImage(bytes);
  if (!info || info.kind === 'bmp') throw unreadable();
  if (!(info.width > 0 && info.height > 0)) throw unreadable();
  const max = env().MAX_IMAGE_PIXELS;
  if (info.width * info.height > max) {
    throw new ApiError('payload_too_large', `the image is ${info.width.toLocaleString('en-US')} × ${info.height.toLocaleString('en-US')} pixels; at most ${max.toLocaleString('en-US')} pixels (MAX_IMAGE_PIXELS)`, {
      setting: 'MAX_IMAGE_PIXELS',
      limit: max,
    });
  }
  return { mime: MIME[info.kind], width: info.width, height: info.height };
}

export function tooLarge() {
  return new ApiError('payload_too_large', `the image is larger than ${MAX_EDITOR_IMAGE_BYTES / 1024 / 1024} MiB: make it smaller and try again`, { max_bytes: MAX_EDITOR_IMAGE_BYTES });
}

function unreadable() {
  return new ApiError('unreadable_file', 'the image is damaged: its size could not be read from its header');
}
