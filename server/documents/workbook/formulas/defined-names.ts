/**
 * Defined names of a workbook, looked up the way Excel scopes them: a name defined for a sheet
 * (sheet scope) shadows a workbook-scope name of the same name inside that sheet; names are
 * case-insensitive.
 */
import type { Workbook } from '../schema';

export interface NameEntry {
  name: string;
  /** what the name stands for: formula text without "=" */
  ref: string;
  /** sheet-scope names: the sheet (lower case) */
  sheet?: string;
}

export class NameTable {
  private readonly global = new Map<string, NameEntry>();
  private readonly scoped = new Map<string, Map<string, NameEntry>>();

  constructor(definedNames: Workbook['definedNames']) {
    for (const d of definedNames ?? []) {
      let ref = d.ref.trim();
      if (ref.startsWith('=')) ref = ref.slice(1);
      if (!ref) continue;
      const key = d.name.toLowerCase();
      if (d.sheet !== undefined) {
        const s = d.sheet.toLowerCase();
        let m = this.scoped.get(s);
        if (!m) this.scoped.set(s, (m = new Map<string, NameEntry>()));
        m.set(key, { name: d.name, ref, sheet: s });
      } else {
        this.global.set(key, { name: d.name, ref });
      }
    }
  }

  get size(): number {
    let n = this.global.size;
    for (const m of this.scoped.values()) n += m.size;
    return n;
  }

  /** The name as seen from a formula on `sheet` (a sheet-scope name first, then workbook scope). */
  lookup(name: string, sheet: string): NameEntry | undefined {
    const key = name.toLowerCase();
    return this.scoped.get(sheet.toLowerCase())?.get(key) ?? this.global.get(key);
  }
}
