import { describe, expect, it } from 'vitest';
import { parseTree, readList, tokenize } from './prompt-grammar';

const nodes = (text: string) => parseTree(text).nodes;

describe('prompt grammar', () => {
  it('tokenizes quotes, numbers glued to nouns ("7-slide"), percent signs and sentence ends', () => {
    expect(tokenize('a 7-slide deck titled "Q3 review". Variance %').map((t) => `${t.kind}:${t.text}`)).toEqual([
      'word:a', 'num:7', 'word:slide', 'word:deck', 'word:titled', 'quote:Q3 review', 'punct:.', 'word:Variance', 'word:%',
    ]);
  });

  it('a list ends at "and" + a structure noun: no sheet "Q4 and"', () => {
    expect(nodes('sheets Q1, Q2, Q3, Q4 and columns Category, Budget, Variance %')).toEqual([
      { type: 'list', of: 'sheet', items: ['Q1', 'Q2', 'Q3', 'Q4'] },
      { type: 'list', of: 'column', items: ['Category', 'Budget', 'Variance %'] },
    ]);
  });

  it('"a line chart of revenue" is a chart node with a series, not a list item', () => {
    expect(nodes('columns Month, Revenue, Cost, Profit with a line chart of revenue')).toEqual([
      { type: 'list', of: 'column', items: ['Month', 'Revenue', 'Cost', 'Profit'] },
      { type: 'chart', chartType: 'line', plural: false, series: ['revenue'] },
    ]);
  });

  it('chart types and plurals: "bar chart" is bar, "charts" is plural, "2 pie charts" counts', () => {
    expect(nodes('a bar chart')).toEqual([{ type: 'chart', chartType: 'bar', plural: false, series: [] }]);
    expect(nodes('with charts and tables')).toEqual([{ type: 'chart', plural: true, series: [] }, { type: 'table', plural: true }]);
    expect(nodes('2 pie charts')).toEqual([{ type: 'count', of: 'chart', n: 2 }, { type: 'chart', chartType: 'pie', plural: true, series: [] }]);
  });

  it('titles in quotes, unknown words dropped, "as a table" is a table', () => {
    expect(nodes('a sales workbook titled "Sales 2025" with a column chart')).toEqual([
      { type: 'title', text: 'Sales 2025' },
      { type: 'chart', chartType: 'column', plural: false, series: [] },
    ]);
    expect(nodes('Inventory workbook with 500 rows as a table')).toEqual([{ type: 'count', of: 'row', n: 500 }, { type: 'table', plural: false }]);
  });

  it('counts in words and digits; sheet lists in quotes after a count', () => {
    expect(nodes('three sheets "Revenue", "Costs" and "Summary"')).toEqual([
      { type: 'count', of: 'sheet', n: 3 },
      { type: 'list', of: 'sheet', items: ['Revenue', 'Costs', 'Summary'] },
    ]);
    expect(nodes('a 30 slides presentation')).toEqual([{ type: 'count', of: 'slide', n: 30 }]);
  });

  it('measures, dimensions and date ranges', () => {
    expect(nodes('sales for each month by region from Jan 2025 to Jun 2026 with totals, averages, growth, variance %, share of total and ranking')).toEqual([
      { type: 'each', dim: 'month' },
      { type: 'each', dim: 'region' },
      { type: 'range', from: { year: 2025, month: 1 }, to: { year: 2025 + 1, month: 6 } },
      { type: 'measure', measure: 'total' },
      { type: 'measure', measure: 'average' },
      { type: 'measure', measure: 'growth' },
      { type: 'measure', measure: 'variancePct' },
      { type: 'measure', measure: 'share' },
      { type: 'measure', measure: 'total' },
      { type: 'measure', measure: 'rank' },
    ]);
    expect(nodes('quarterly report 2024-2026')).toEqual([{ type: 'each', dim: 'quarter' }, { type: 'range', from: { year: 2024 }, to: { year: 2026 } }]);
  });

  it('sections with an intro word, a colon or semicolons; "a Summary sheet"', () => {
    expect(nodes('with sections: Summary; Drivers; Actions')).toEqual([{ type: 'list', of: 'section', items: ['Summary', 'Drivers', 'Actions'] }]);
    expect(nodes('sheets Q1 and Q2 and a Summary sheet')).toEqual([
      { type: 'list', of: 'sheet', items: ['Q1', 'Q2'] },
      { type: 'list', of: 'sheet', items: ['Summary'] },
    ]);
  });

  it('readList keeps multi-word names with inner connectors and stops at a stop word', () => {
    const toks = tokenize('Cost of goods sold, Unit price and Start date with a chart');
    expect(readList(toks, 0).items).toEqual(['Cost of goods sold', 'Unit price', 'Start date']);
  });

  it('a subject after "about"', () => {
    expect(nodes('a 5-slide deck about our hiring plan with a chart')).toEqual([
      { type: 'count', of: 'slide', n: 5 },
      { type: 'about', text: 'our hiring plan' },
      { type: 'chart', plural: false, series: [] },
    ]);
  });
  it('"by region and month" is two dimensions, "by region and by quarter" too; a word that is no dimension ends the list', () => {
    expect(nodes('Sales report by region and month')).toEqual([
      { type: 'each', dim: 'region' },
      { type: 'each', dim: 'month' },
    ]);
    expect(nodes('revenue per product, region and by quarter').filter((n) => n.type === 'each')).toEqual([
      { type: 'each', dim: 'product' },
      { type: 'each', dim: 'region' },
      { type: 'each', dim: 'quarter' },
    ]);
    expect(nodes('sales by region and price').filter((n) => n.type === 'each')).toEqual([{ type: 'each', dim: 'region' }]);
  });
});
