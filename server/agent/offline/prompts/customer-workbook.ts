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
