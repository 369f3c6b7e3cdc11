import { describe, expect, it } from 'vitest';
import { toFileFormula } from '../evaluate-formulas';

describe('formulas as stored in the file', () => {
  it('prefixes newer functions with _xlfn. (FILTER and SORT with _xlfn._xlws.), never inside strings or twice', () => {
    expect(toFileFormula('=XLOOKUP(A1,B:B,C:C)')).toBe('_xlfn.XLOOKUP(A1,B:B,C:C)');
    expect(toFileFormula('ifs(A1>1,"xlookup(",TRUE,2)')).toBe('_xlfn.IFS(A1>1,"xlookup(",TRUE,2)');
    expect(toFileFormula('CONCAT("a",B1)&TEXTJOIN(",",TRUE,A1:A3)')).toBe('_xlfn.CONCAT("a",B1)&_xlfn.TEXTJOIN(",",TRUE,A1:A3)');
    expect(toFileFormula('MAXIFS(A:A,B:B,1)+SWITCH(1,1,2)+XMATCH(1,A:A)')).toBe('_xlfn.MAXIFS(A:A,B:B,1)+_xlfn.SWITCH(1,1,2)+_xlfn.XMATCH(1,A:A)');
    expect(toFileFormula('STDEV.S(A1:A3)+NETWORKDAYS.INTL(A1,A2)')).toBe('_xlfn.STDEV.S(A1:A3)+_xlfn.NETWORKDAYS.INTL(A1,A2)');
    expect(toFileFormula('FILTER(A1:A9,B1:B9>2)')).toBe('_xlfn._xlws.FILTER(A1:A9,B1:B9>2)');
    expect(toFileFormula('SORT(A1:A3)+SORTBY(A1:A3,B1:B3)')).toBe('_xlfn._xlws.SORT(A1:A3)+_xlfn.SORTBY(A1:A3,B1:B3)');
    expect(toFileFormula('_xlfn.XLOOKUP(1,A:A,B:B)')).toBe('_xlfn.XLOOKUP(1,A:A,B:B)');
    expect(toFileFormula('SUM(A1:A3)+VLOOKUP(1,A:B,2,FALSE)')).toBe('SUM(A1:A3)+VLOOKUP(1,A:B,2,FALSE)');
  });

  it('prefixes LET and LAMBDA parameters with _xlpm.', () => {
    expect(toFileFormula('LET(x,5,y,x*2,x+y)')).toBe('_xlfn.LET(_xlpm.x,5,_xlpm.y,_xlpm.x*2,_xlpm.x+_xlpm.y)');
    expect(toFileFormula('LET(total,SUM(A1:A3),"total: "&total)')).toBe('_xlfn.LET(_xlpm.total,SUM(A1:A3),"total: "&_xlpm.total)');
  });

  it('writes this-row references in the file syntax and qualifies table-less ones when told the table', () => {
    expect(toFileFormula('Sales[@Amount]*2')).toBe('Sales[[#This Row],[Amount]]*2');
    expect(toFileFormula('Sales[@[Unit Price]]')).toBe('Sales[[#This Row],[Unit Price]]');
    expect(toFileFormula('[@Units]*[@[Unit Price]]', { table: 'Sales' })).toBe('Sales[[#This Row],[Units]]*Sales[[#This Row],[Unit Price]]');
    expect(toFileFormula('SUBTOTAL(109,[Amount])', { table: 'Sales' })).toBe('SUBTOTAL(109,Sales[Amount])');
    expect(toFileFormula('SUM(Sales[[#Totals],[Amount]])', { table: 'Other' })).toBe('SUM(Sales[[#Totals],[Amount]])');
    expect(toFileFormula('"[@x]"&SUM([1]Sheet1!A1)', { table: 'Sales' })).toBe('"[@x]"&SUM([1]Sheet1!A1)');
  });
});
