/**
 * The LibreOffice recalculation helper: value kinds, full recalculation (stale cached values are
 * not trusted), clean-up of its temporary profile, and clear failures. Skipped with a warning
 * without LibreOffice, except in CI (process.env.CI), where that fails.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { tmpdir } from 'node:os';
import JSZip from 'jszip';
import { renderWorkbook } from '../render-xlsx';
import { parseWorkbook } from '../schema';
import { libreOfficeAvailability, libreofficeRecalc } from './libreoffice-recalc';

const availability = libreOfficeAvailability();
if (!availability.ok && !process.env.CI) console.warn(`LibreOffice recalculation helper tests skipped: ${availability.reason}`);


describe.runIf(availability.ok || !!process.env.CI)('libreofficeRecalc', () => {
  it('returns every formula cell: numbers, text, logicals, errors — recalculated, not the cached values', async () => {
    const bytes = await renderWorkbook(
      parseWorkbook({
        sheets: [
          {
            name: 'My sheet',
            cells: {
              A1: { value: 2 },
              B1: { formula: 'A1*21' },
              B2: { formula: '"x"&A1' },
              B3: { formula: 'A1>1' },
              B4: { formula: '1/0', allowError: true },
              B5: { formula: 'NA()', allowError: true },
              B6: { formula: 'SQRT(-1)', allowError: true },
            },
          },
        ],
      }),
    );
    // make the cached value of B1 wrong: LibreOffice must recompute it
    const zip = await JSZip.loadAsync(bytes);
    const part = Object.keys(zip.files).find((p) => /^xl\/worksheets\/sheet\d+\.xml$/.test(p))!;
    const xml = await zip.file(part)!.async('string');
    const staleXml = xml.replace(/(<c r="B1"[^>]*>\s*<f>[^<]*<\/f>\s*<v>)42(<\/v>)/, '$1999$2');
    expect(staleXml).not.toBe(xml);
    zip.file(part, staleXml);
    const stale = await zip.generateAsync({ type: 'uint8array' });
    // its own temporary root, so that other tests' LibreOffice runs do not count
    const root = mkdtempSync(path.join(tmpdir(), 'docsmith-recalc-test-'));
    const values = await libreofficeRecalc(stale, { tmpRoot: root });
    const left = readdirSync(root);
    rmSync(root, { recursive: true, force: true });
    expect(left).toEqual([]);
    expect([...values.keys()]).toEqual(['My sheet']);
    const s = values.get('My sheet')!;
    expect(s.get('B1')).toBe(42);
    expect(s.get('B2')).toBe('x2');
    expect([true, 1]).toContainEqual(s.get('B3'));
    expect(s.get('B4')).toEqual({ error: '#DIV/0!' });
    expect(s.get('B5')).toEqual({ error: '#N/A' });
    expect(s.get('B6')).toMatchObject({ error: '#NUM!' });
    expect(s.has('A1')).toBe(false);
  }, 90_000);

  it('fails clearly: no LibreOffice, no Python bridge, a time limit', async () => {
    await expect(libreofficeRecalc(new Uint8Array([1]), { soffice: '/nonexistent/soffice' })).rejects.toThrow(/soffice|LibreOffice/);
    await expect(libreofficeRecalc(new Uint8Array([1]), { python: '/nonexistent/python3' })).rejects.toThrow(/python3-uno|Python/);
    await expect(libreofficeRecalc(new Uint8Array([1]), { timeoutMs: 300 })).rejects.toThrow(/did not finish within 300 ms/);
  }, 90_000);
});
