import { describe, expect, it } from 'vitest';
import { invoiceDetails } from './invoice-details';

describe('invoiceDetails', () => {
  it('reads the customer, priced lines and a named line', () => {
    expect(invoiceDetails('Invoice for Acme Corp: 3 consulting days at $1,200 per day and a travel expenses line')).toEqual({
      customer: 'Acme Corp',
      currency: '$',
      lines: [
        { description: 'Consulting days', quantity: 3, unitPrice: 1200 },
        { description: 'Travel expenses', quantity: 1 },
      ],
    });
  });

  it('reads quantities in words, prices "each" or per unit, and "X of €N"', () => {
    const d = invoiceDetails('an invoice to Smith & Sons Ltd for two laptops at €1,150 each, 10 hours of setup at €90/hour and delivery of €45');
    expect(d.customer).toBe('Smith & Sons Ltd');
    expect(d.currency).toBe('€');
    expect(d.lines).toEqual([
      { description: 'Laptops', quantity: 2, unitPrice: 1150 },
      { description: 'Hours of setup', quantity: 10, unitPrice: 90 },
      { description: 'Delivery', quantity: 1, unitPrice: 45 },
    ]);
  });

  it('finds nothing in a prompt that gives no detail', () => {
    expect(invoiceDetails('an invoice template with 5 line items')).toEqual({ lines: [] });
  });
});

describe('an invoice the prompt details, end to end', () => {
  it("bills the customer for the lines given, prices in the prompt's currency, dated today; a line without a price is marked", async () => {
    const { runAgent } = await import('../run-agent');
    const { parseWorkbook } = await import('@/server/documents/workbook/schema');
    const r = await runAgent({ format: 'excel', prompt: 'Invoice for Acme Corp: 3 consulting days at $1,200 per day and a travel expenses line', document: null, memory: null }, { settings: { provider: 'offline', maxTurns: 40, timeoutMs: 10_000 } });
    const s = parseWorkbook(r.document).sheets[0]!;
    const v = (a: string) => s.cells[a]?.value;
    expect(v('E3')).toBe('Acme Corp');
    expect([v('A10'), v('B10'), v('C10')]).toEqual(['Consulting days', 3, 1200]);
    expect(s.cells.D10?.formula).toBe('B10*C10');
    expect([v('A11'), v('B11'), v('E11')]).toEqual(['Travel expenses', 1, 'sample price']);
    expect(v('A12')).toBeUndefined();
    expect(s.cells.D12?.formula).toBe('SUM(D10:D11)');
    expect(s.cells.C10?.numFmt).toBe('"$"#,##0.00');
    const today = Math.floor(Date.now() / 86_400_000) + 25_569;
    expect(v('B4')).toBe(today);
    expect(r.summary).toMatch(/Consulting days, Travel expenses\) billed to Acme Corp/);
  });
});
