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

  it('feature phrases are nodes of the tree, and their words are no names', () => {
    expect(nodes('columns Task, Owner and a dropdown for Status with Open/Closed, freeze the header row')).toEqual([
      { type: 'list', of: 'column', items: ['Task', 'Owner'] },
      { type: 'feature', feature: { kind: 'dropdown', column: 'Status', values: ['Open', 'Closed'] } },
      { type: 'feature', feature: { kind: 'freeze', rows: true, cols: 0 } },
    ]);
    expect(nodes('highlight values over 1,000 in red')).toEqual([{ type: 'feature', feature: { kind: 'highlight', op: '>', values: [1000], color: 'red' } }]);
    expect(nodes('highlight Revenue between 5k and 10k in green')).toEqual([{ type: 'feature', feature: { kind: 'highlight', op: 'between', values: [5000, 10000], color: 'green', target: 'Revenue' } }]);
    expect(nodes('add a comment on B2 saying "Check with finance"')).toEqual([{ type: 'feature', feature: { kind: 'comment', cell: 'B2', text: 'Check with finance' } }]);
    expect(nodes('with named ranges')).toEqual([{ type: 'feature', feature: { kind: 'names' } }]);
    // the topic of a training is not a request
    expect(nodes('a training deck on how to freeze panes in Excel').some((n) => n.type === 'feature')).toBe(false);
    expect(nodes('Budget on one sheet; highlight values over 1000 in red').filter((n) => n.type === 'feature')).toHaveLength(1);
  });

  it('a period that qualifies the subject is marked ("Q3", "Q1 2026", "FY2026")', () => {
    const t = parseTree('Q3 sales report');
    expect(t.qualifiers.map((k) => t.tokens[k]!.text)).toEqual(['Q3']);
    const u = parseTree('marketing spend for Q1 2026');
    expect(u.qualifiers.map((k) => u.tokens[k]!.text)).toEqual(['Q1', '2026']);
  });
});
