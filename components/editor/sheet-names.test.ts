import { describe, expect, it } from 'vitest';
import { validSheetName } from './sheet-names';

describe('validSheetName', () => {
  it("takes what Excel takes", () => {
    for (const n of ['Notes', 'Q1 2026', 'Données', '売上', 'a'.repeat(31), "It's"]) expect(validSheetName(n), n).toBe(true);
  });
  it('refuses what Excel refuses', () => {
    for (const n of ['', '   ', 'a'.repeat(32), 'A/B', 'A\\B', 'A:B', 'A?', 'A*', '[A]', "'A", "A'", 'History', 'A\u0000B']) expect(validSheetName(n), JSON.stringify(n)).toBe(false);
  });
});
