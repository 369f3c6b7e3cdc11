/**
 * Structured references (Table1[Col], [@Col], Table1[[#This Row],[Col]]) to table columns that
 * were deleted become #REF!, as in Excel.
 */
import type { FormulaRewrite } from './formula-refs';
import { tokenizeFormula } from './formula-tokens';
import type { DeletedTableColumn } from './shift-sheet-objects';

/** The table name (if written) and the column names a structured reference mentions. */
export function structuredRefParts(text: string): { table: string | undefined; columns: string[] } {
  const open = text.indexOf('[');
  const table = open > 0 ? text.slice(0, open) : undefined;
  const body = text.slice(open + 1, text.endsWith(']') ? -1 : undefined);
  const items: string[] = [];
  if (body.includes('[')) {
    let cur: string | undefined;
    for (let i = 0; i < body.length; i++) {
      const ch = body[i]!;
      if (cur === undefined) {
        if (ch === '[') cur = '';
        continue;
      }
      if (ch === "'" && i + 1 < body.length) {
        cur += body[++i];
        continue;
      }
      if (ch === ']') {
        items.push(cur);
        cur = undefined;
        continue;
      }
      cur += ch;
    }
  } else items.push(body.replace(/'(.)/g, '$1'));
  const columns = items
    .map((s) => s.replace(/^@/, '').trim())
    .filter((s) => s.length > 0 && !s.startsWith('#'));
  return { table, columns };
}

/**
 * Replaces structured references to deleted columns with #REF!. `hostTable` is the table the
 * formula sits in (for unqualified references such as [@Col]).
 */
export function dropDeletedColumnRefs(formula: string, deleted: DeletedTableColumn[], hostTable?: string): FormulaRewrite | undefined {
  if (!formula.includes('[')) return undefined;
  const gone = new Map<string, Set<string>>();
  for (const d of deleted) {
    const k = d.table.toLowerCase();
    if (!gone.has(k)) gone.set(k, new Set());
    gone.get(k)!.add(d.column.toLowerCase());
  }
  let refErrors = 0;
  const toks = tokenizeFormula(formula);
  if (!toks.some((t) => t.kind === 'structured')) return undefined;
  // structured tokens carry no prefix; rebuild by hand
  let changed = false;
  const out = toks
    .map((t) => {
      if (t.kind !== 'structured') return t.text;
      const { table, columns } = structuredRefParts(t.text);
      const name = (table ?? hostTable)?.toLowerCase();
      const set = name ? gone.get(name) : undefined;
      if (!set || !columns.some((c) => set.has(c.toLowerCase()))) return t.text;
      refErrors++;
      changed = true;
      return '#REF!';
    })
    .join('');
  return { formula: changed ? out : formula, refErrors, skipped3d: 0 };
}
