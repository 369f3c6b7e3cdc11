import { describe, expect, it } from 'vitest';
import { MAX_COLS, MAX_ROWS } from '../../../../lib/workbook/cell-ref';
import { tokenizeFormula } from './formula-tokens';

const kinds = (f: string) => tokenizeFormula(f).map((t) => `${t.kind}:${t.text}`);
const refs = (f: string) => tokenizeFormula(f).filter((t) => t.kind === 'ref').map((t) => t.text);

describe('tokenizeFormula', () => {
  it('joins back to the formula exactly', () => {
    for (const f of [
      'SUM(A1:B2)+LOG10(A3)*Q1_2024',
      `'My sheet'!$A$1 + Sheet2!A:A + 3:3`,
      '"A1"&Sheet1:Sheet3!B2',
      'Table1[[#This Row],[Qty]]*[@Price]',
      '[1]Ext!A1+Sheet2!#REF!',
      'IF(A1<>"", {1,2;3,4}, -.5e3%)',
      "'It''s'!B2 & \"say \"\"hi\"\"\"",
      'Données!A1+ÉTÉ_2024',
    ]) {
      expect(tokenizeFormula(f).map((t) => t.text).join('')).toBe(f);
    }
  });

  it('does not mistake function names that look like cells for references', () => {
    expect(kinds('LOG10(A3)+ATAN2(B1,C1)')).toEqual(['func:LOG10', 'op:(', 'ref:A3', 'op:)', 'op:+', 'func:ATAN2', 'op:(', 'ref:B1', 'op:,', 'ref:C1', 'op:)']);
  });

  it('does not mistake names such as Q1_2024, R2C3 or ABCD1 for references', () => {
    expect(refs('Q1_2024+R2C3+ABCD1+A1B+TaxRate*B2')).toEqual(['B2']);
    expect(kinds('Q1_2024')).toEqual(['name:Q1_2024']);
  });

  it('skips string literals, with doubled quotes inside', () => {
    expect(refs('"A1 and ""B2"""&C3')).toEqual(['C3']);
  });

  it('reads quoted and unquoted sheet prefixes, 3-D and external prefixes', () => {
    const [a, , b, , c, , d] = tokenizeFormula("'My ''best'' sheet'!A1+Data.2024!B2+Jan:Mar!C3+[1]Ext!D4");
    expect(a!.prefix).toMatchObject({ sheet: "My 'best' sheet", text: "'My ''best'' sheet'!" });
    expect(b!.prefix).toMatchObject({ sheet: 'Data.2024' });
    expect(c!.prefix).toMatchObject({ sheet: 'Jan', lastSheet: 'Mar' });
    expect(d!.prefix).toMatchObject({ external: true });
    const [q] = tokenizeFormula("'Q 1:Q 4'!A1");
    expect(q!.prefix).toMatchObject({ sheet: 'Q 1', lastSheet: 'Q 4' });
    const [cellLike] = tokenizeFormula('Q1:Q4!A1');
    expect(cellLike!.prefix).toMatchObject({ sheet: 'Q1', lastSheet: 'Q4' });
  });

  it('parses areas with their $ flags, normalised', () => {
    const [t] = tokenizeFormula('$C5:A$1');
    expect(t!.area).toEqual({ kind: 'range', r1: 1, c1: 1, r2: 5, c2: 3, absR1: true, absC1: false, absR2: false, absC2: true });
    expect(tokenizeFormula('A:C')[0]!.area).toMatchObject({ kind: 'cols', r1: 1, r2: MAX_ROWS, c1: 1, c2: 3 });
    expect(tokenizeFormula('$3:$4')[0]!.area).toMatchObject({ kind: 'rows', r1: 3, r2: 4, c1: 1, c2: MAX_COLS, absR1: true });
    expect(tokenizeFormula('XFD1048576')[0]!.kind).toBe('ref');
    expect(tokenizeFormula('XFE1')[0]!.kind).toBe('name');
    expect(tokenizeFormula('A1048577')[0]!.kind).toBe('name');
  });

  it('reads structured references as one token', () => {
    expect(kinds('SUM(Sales[Amount])+[@[Unit Price]]')).toEqual(['func:SUM', 'op:(', 'structured:Sales[Amount]', 'op:)', 'op:+', 'structured:[@[Unit Price]]']);
  });

  it('reads prefixed names and errors', () => {
    expect(kinds('Sheet1!Rate+Sheet2!#REF!+#N/A')).toEqual(['name:Sheet1!Rate', 'op:+', 'error:Sheet2!#REF!', 'op:+', 'error:#N/A']);
  });

  it('reads numbers, comparison operators and booleans', () => {
    expect(kinds('1.5E+3>=2<>TRUE')).toEqual(['number:1.5E+3', 'op:>=', 'number:2', 'op:<>', 'name:TRUE']);
  });
});
