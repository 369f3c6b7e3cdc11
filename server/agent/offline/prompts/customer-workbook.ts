// An uploaded customer file for resume tests: its rows are real, so nothing in them may be invented.
import { parseWorkbook } from '@/server/documents/workbook/schema';

export const customerWorkbook = () =>
  parseWorkbook({
    sheets: [
      {
        name: 'Customers',
        cells: {
          A1: { value: 'Customer' }, B1: { value: 'Country' }, C1: { value: 'Revenue' },
          A2: { value: 'Acme' }, B2: { value: 'France' }, C2: { value: 1200 },
          A3: { value: 'Globex' }, B3: { value: 'Spain' }, C3: { value: 800 },
          A4: { value: 'Initech' }, B4: { value: 'Italy' }, C4: { value: 450 },
        },
      },
    ],
  });

/**
 * An uploaded file that carries what a column edit must keep: number formats and styles, column
 * widths, a conditional format, a dropdown, a defined name, a formula reading the column, a chart and an Excel table.
 */
export const richCustomerWorkbook = () =>
  parseWorkbook({
    definedNames: [{ name: 'Revenue', ref: 'Customers!$C$2:$C$4' }],
    sheets: [
      {
        name: 'Customers',
        cells: {
          A1: { value: 'Customer', style: { bold: true } }, B1: { value: 'Country', style: { bold: true } }, C1: { value: 'Revenue', style: { bold: true } }, D1: { value: 'Segment', style: { bold: true } },
          A2: { value: 'Acme' }, B2: { value: 'France' }, C2: { value: 1200, numFmt: '#,##0.00', style: { color: '#1F4E79' } }, D2: { value: 'Enterprise' },
          A3: { value: 'Globex' }, B3: { value: 'Spain' }, C3: { value: 800, numFmt: '#,##0.00', style: { color: '#1F4E79' } }, D3: { value: 'SMB' },
          A4: { value: 'Initech' }, B4: { value: 'Italy' }, C4: { value: 450, numFmt: '#,##0.00', style: { color: '#1F4E79' } }, D4: { value: 'SMB' },
          F6: { value: 'Total revenue' }, G6: { formula: 'SUM(Revenue)' }, F7: { value: 'Largest' }, G7: { formula: 'MAX(C2:C4)' },
        },
        columns: { A: { width: 20 }, B: { width: 14 }, C: { width: 16 }, D: { width: 18 } },
        conditionalFormats: [{ range: 'C2:C4', rule: { type: 'cellIs', operator: 'greaterThan', values: [1000], style: { fill: '#C6EFCE', color: '#006100' } } }],
        dataValidations: [{ range: 'D2:D4', type: 'list', formula1: '"Enterprise,SMB"', allowBlank: true }],
        tables: [{ name: 'CustomerTable', range: 'A1:D4' }],
        charts: [{ id: 'c1', type: 'column', title: 'Revenue by customer', categories: 'Customers!$A$2:$A$4', series: [{ name: 'Customers!$C$1', values: 'Customers!$C$2:$C$4' }], anchor: 'I2:P18' }],
      },
    ],
  });
