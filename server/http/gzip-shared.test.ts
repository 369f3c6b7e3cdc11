import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { gzipParts, joinParts } from './gzip-shared';

describe('gzipParts', () => {
  it('is one valid gzip body of the parts in order (checked by zlib, CRC and length included)', () => {
    const model = { sheets: Array.from({ length: 2000 }, (_, i) => ({ name: `S${i}`, cells: { A1: { value: 'é — ✓ '.repeat(i % 7) } } })) };
    const values = { S1: { A1: 3 } };
    const parts = ['{"version":3,"model":', { shared: model }, ',"formula_values":', { shared: values }, '}'];
    const gz = gzipParts(parts);
    const text = gunzipSync(gz).toString('utf8');
    expect(text).toBe(joinParts(parts));
    expect(JSON.parse(text)).toEqual({ version: 3, model, formula_values: values });
    // the shared part is compressed once: a second body with other small parts reuses it
    const again = gunzipSync(gzipParts(['{"version":4,"model":', { shared: model }, ',"formula_values":', { shared: values }, '}'])).toString('utf8');
    expect(JSON.parse(again).version).toBe(4);
    expect(gz.length).toBeLessThan(Buffer.byteLength(text) / 3);
  });

  it('handles empty and tiny parts', () => {
    expect(gunzipSync(gzipParts([])).toString()).toBe('');
    expect(gunzipSync(gzipParts(['', { shared: {} }, 'x'])).toString()).toBe('{}x');
  });
});
