import { describe, expect, it } from 'vitest';
import { parseSpecifier, resolveTableRef, type TableInfo } from './structured-refs';

const sales: TableInfo = {
  name: 'Sales',
  sheet: 'My Data',
  firstCol: 2,
  lastCol: 5,
  headerRow: 3,
  firstDataRow: 4,
  lastDataRow: 8,
  totalsRow: 9,
  columns: ['Region', 'Units', 'Unit Price', 'Amount'],
};
const ref = (inner: string, row = 5) => resolveTableRef(sales, inner, row);

describe('structured references', () => {
  it('parses specifiers: plain, nested, column spans, this row', () => {
    expect(parseSpecifier('Amount')).toEqual({ items: [{ kind: 'col', from: 'Amount' }], thisRow: false });
    expect(parseSpecifier('[#This Row],[Units]:[Amount]')).toEqual({
      items: [{ kind: 'special', name: '#this row' }, { kind: 'col', from: 'Units', to: 'Amount' }],
      thisRow: false,
    });
    expect(parseSpecifier('@[Unit Price]')).toEqual({ items: [{ kind: 'col', from: 'Unit Price' }], thisRow: true });
    expect(parseSpecifier("Price '[USD']")).toEqual({ items: [{ kind: 'col', from: 'Price [USD]' }], thisRow: false });
    expect(parseSpecifier('[Units')).toBeUndefined();
  });

  it('resolves areas the way Excel does', () => {
    expect(ref('')).toEqual({ ref: "'My Data'!B4:E8" });
    expect(ref('#Data')).toEqual({ ref: "'My Data'!B4:E8" });
    expect(ref('#All')).toEqual({ ref: "'My Data'!B3:E9" });
    expect(ref('#Headers')).toEqual({ ref: "'My Data'!B3:E3" });
    expect(ref('#Totals')).toEqual({ ref: "'My Data'!B9:E9" });
    expect(ref('[#Headers],[#Data]')).toEqual({ ref: "'My Data'!B3:E8" });
    expect(ref('[#Data],[#Totals],[Amount]')).toEqual({ ref: "'My Data'!E4:E9" });
    expect(ref('[#Totals],[Units]')).toEqual({ ref: "'My Data'!C9" });
    expect(ref('[Units]:[Amount]')).toEqual({ ref: "'My Data'!C4:E8" });
    expect(ref('unit price')).toEqual({ ref: "'My Data'!D4:D8" });
    expect(ref('[#This Row],[Amount]', 6)).toEqual({ ref: "'My Data'!E6" });
    expect(ref('@Amount', 7)).toEqual({ ref: "'My Data'!E7" });
    expect(ref('@', 7)).toEqual({ ref: "'My Data'!B7:E7" });
  });

  it('gives Excel errors for what does not exist', () => {
    expect(ref('Nope')).toEqual({ error: '#REF!' });
    expect(resolveTableRef({ ...sales, totalsRow: undefined }, '#Totals', 5)).toEqual({ error: '#REF!' });
    expect(resolveTableRef({ ...sales, headerRow: undefined }, '#Headers', 5)).toEqual({ error: '#REF!' });
    expect(ref('@Amount', 12)).toEqual({ error: '#VALUE!' });
  });
});
