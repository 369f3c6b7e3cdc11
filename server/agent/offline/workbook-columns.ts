/**
 * Columns of the offline model's table sheets: what a column name means (its kind, the formula it
 * implies — Variance, Variance %, Growth, Share, Profit, Value, Rank, Reorder…), its number format,
 * what its totals-row cell holds, and sample values that make sense (unique SKUs, a few categories,
 * dates inside the requested range).
 */
import { numberToColumn } from '@/lib/workbook/cell-ref';
import { capitalize, hashString } from './parse-prompt';

export type ColumnKind = 'month' | 'quarter' | 'year' | 'date' | 'label' | 'id' | 'percent' | 'money' | 'price' | 'count' | 'number' | 'formula';

export interface ColumnSpec {
  name: string;
  kind: ColumnKind;
  /** for formula columns: the formula with {r} for the row number, {first}/{last} for the data rows */
  formula?: string;
  /** the formula's first data row differs: empty ("Growth": no previous row) or a sample value (a plan's first start date) */
  firstRow?: '' | 'sample';
  numFmt?: string;
  /** the totals-row cell: a sum, a formula of other totals (ratios), or nothing */
  total: 'sum' | 'none' | { formula: string };
  /** numeric family, so that a chart does not mix units with money or ratios */
  family?: 'money' | 'count' | 'percent' | 'number';
}

/**
 * Columns across for a dimension ("sales by region for each month": periods down, one column per
 * region). Their names hold amounts, whatever words they are.
 */
export const ACROSS: Partial<Record<string, string[]>> = {
  region: ['North', 'South', 'East', 'West'],
  product: ['Product A', 'Product B', 'Product C', 'Product D'],
  channel: ['Online', 'Retail', 'Partners', 'Direct'],
  country: ['France', 'Germany', 'Spain', 'Italy'],
  category: ['Electronics', 'Furniture', 'Office supplies', 'Tools'],
  segment: ['Enterprise', 'Mid-market', 'SMB', 'Consumer'],
  store: ['Store North', 'Store South', 'Store East', 'Store West'],
  team: ['Team A', 'Team B', 'Team C', 'Team D'],
};
const ACROSS_NAMES = new Set(Object.values(ACROSS).flatMap((l) => (l ?? []).map((x) => x.toLowerCase())));

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const LABELS: Array<[RegExp, string[]]> = [
  [/region|area|territory/i, ['North', 'South', 'East', 'West', 'Central']],
  [/status/i, ['Planned', 'In progress', 'Done', 'Blocked']],
  [/stage/i, ['Lead', 'Qualified', 'Proposal', 'Negotiation', 'Won']],
  [/^class$/i, ['Common', 'Common', 'Options', 'Preferred', 'Preferred']],
  [/department|team/i, ['Sales', 'Marketing', 'Engineering', 'Finance', 'Operations', 'Support']],
  [/country/i, ['France', 'Germany', 'Spain', 'Italy', 'Netherlands', 'Poland']],
  [/priority/i, ['High', 'Medium', 'Low']],
  [/category/i, ['Electronics', 'Office supplies', 'Furniture', 'Packaging', 'Tools', 'Cleaning']],
  [/product/i, ['Laptop stand', 'USB-C hub', 'Desk lamp', 'Office chair', 'Notebook A5', 'Monitor arm', 'Label printer', 'Storage box', 'Cable kit', 'Headset']],
  [/owner|assignee|manager/i, ['Alex', 'Sam', 'Jordan', 'Taylor', 'Morgan', 'Casey']],
  [/^(role|position|job title)$/i, ['Account executive', 'Software engineer', 'Product designer', 'Data analyst', 'Customer success manager', 'Marketing specialist']],
  [/^(title|summary|issue)$/i, ['Login page times out', 'Export drops the last row', 'Typo on the pricing page', 'Search ignores filters', 'Dashboard loads slowly', 'Broken link in the footer']],
  [/^(employee|employee name|staff|person|name|full name|rep|sales rep|salesperson|agent)$/i, ['Alex Martin', 'Sam Lee', 'Jordan Diaz', 'Taylor Kim', 'Morgan Blake', 'Casey Nguyen', 'Robin Patel', 'Jamie Rossi', 'Drew Fischer', 'Avery Cohen']],
  [/channel/i, ['Online', 'Retail', 'Partners', 'Direct']],
  [/customer|client/i, ['Acme Ltd', 'Globex', 'Initech', 'Umbrella', 'Stark Industries', 'Wayne Enterprises']],
  [/segment/i, ['Enterprise', 'Mid-market', 'SMB', 'Consumer']],
  [/topic|theme/i, ['Product update', 'Customer story', 'How-to guide', 'Industry trends', 'Behind the scenes', 'Event recap']],
  [/^(student|pupil)( name)?$/i, ['Alex Martin', 'Sam Lee', 'Jordan Diaz', 'Taylor Kim', 'Morgan Blake', 'Casey Nguyen', 'Robin Patel', 'Jamie Rossi', 'Drew Fischer', 'Avery Cohen']],
  [/vendor|supplier|merchant|payee/i, ['Northwind Supplies', 'City Cabs', 'Cloudware', 'Paper & Co', 'Cafe Central', 'Grand Hotel']],
];

/**
 * The members of a dimension a first column lists ("Region": North…Central), when the offline
 * model knows them: a table by that dimension has one row per member, none repeated.
 */
export function dimensionMembers(name: string): string[] | undefined {
  if (!/^(region|area|territory|country|department|team|channel|category|segment)s?$/i.test(name.trim())) return undefined;
  return LABELS.find(([re]) => re.test(name))?.[1];
}

/** A column named after one period ("Q1", "Q3 2026", "Jan", "March", "2026", "FY25", "H1"): it holds amounts. */
export function isPeriodMember(name: string): boolean {
  const n = name.trim().toLowerCase();
  return /^(q[1-4]|h[12])(\s+(fy)?\d{2,4})?$/.test(n) || /^(fy\s?)?(19|20)\d\d$/.test(n) || /^fy\d{2}$/.test(n) || /^(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t(ember)?)?|oct(ober)?|nov(ember)?|dec(ember)?)(\s+\d{2,4})?$/.test(n);
}

/** A column named after a day of the week ("Mon", "Tuesday"): hours or counts per day. */
export function isWeekday(name: string): boolean {
  return /^(mon(day)?|tue(s(day)?)?|wed(nesday)?|thu(rs(day)?)?|fri(day)?|sat(urday)?|sun(day)?)$/i.test(name.trim());
}

export function classify(name: string): ColumnKind {
  const n = name.toLowerCase();
  // contact details and free text: never numbers
  if (/e-?mail|phone|mobile|\btel\b|address|website|\burl\b|linkedin|^class$|share class|topic|theme|^notes?$|^comments?$|^(title|summary|issue)$/.test(n)) return 'label';
  if (/^(reported|opened|raised|created|logged)( on)?$/.test(n)) return 'date';
  if (/\bsku\b|\bid\b|\bcode\b|^#$|\bref(erence)?\b|invoice (no|number|#)/.test(n)) return 'id';
  if (/\bmonth\b/.test(n)) return 'month';
  if (/\bquarter\b|^q$/.test(n)) return 'quarter';
  if (/^(year|fy)$/.test(n)) return 'year';
  if (/\bdate\b|\bday\b|deadline|\bdue\b|\bstart\b|\bend\b|restock/.test(n)) return 'date';
  if (/%|percent|\brate\b|margin|growth|\bshare\b|\bratio\b|yoy|attainment|progress|complete|probability|likelihood/.test(n)) return 'percent';
  // people counted at the start or end of a period, joining or leaving: counts, not names
  if (PEOPLE_COUNT.test(n)) return 'count';
  if (/price|unit cost|\brate\b/.test(n)) return 'price';
  if (isWeekday(n)) return 'count';
  if (/^(country|countries|region|regions|department|team|channel|segment|category|product|customer|city|state|store|role|position)$/.test(n)) return 'label';
  if (ACROSS_NAMES.has(n) || /^(central|emea|apac|americas|europe|asia)$/.test(n) || isPeriodMember(n)) return 'money';
  if (/^(opening|closing|ending|starting|beginning) balance$|^(inflows?|outflows?|cash in|cash out|receipts|disbursements)$/.test(n)) return 'money';
  if (/^(math|maths|science|english|history|physics|chemistry|biology|grade|mark|exam|test \d+)$/.test(n)) return 'count';
  if (/cost|cogs|amount|revenue|sales|budget|actual|profit|expense|income|salary|spend|value|total|forecast|balance|payment|fee|target|\$|€|£/.test(n)) return 'money';
  if (/qty|quantity|units|\bshares\b|\bhires\b|openings|vacancies|count|headcount|number of|#|hours|score|stock|orders|level|duration|days|current|sessions|visits|visitors|page ?views|sign-?ups|downloads|installs|clicks|impressions|\bleads\b|subscribers|\busers\b|conversions|attendees|tickets/.test(n)) return 'count';
  if (/name|\brep\b|salesperson|agent|item|region|category|customer|employee|department|country|city|project|task|description|status|owner|assignee|team|type|area|note|comment|priority|vendor|supplier|merchant|payee|account|channel|segment|stage|role|phase|activity|milestone|objective|key result|kpi|metric|reorder|product/.test(n)) return 'label';
  return 'number';
}

/** "Starting customers", "Churned subscribers", "New users": counts of people in a period (churn tables). */
const WHO = '(customers|subscribers|users|members|accounts|clients|employees|headcount)';
const PEOPLE_COUNT = new RegExp(`^(starting|opening|beginning|ending|closing|new|churned|lost|cancell?ed|active|retained|net new)\\s+${WHO}$|^(leavers|joiners|departures)$`);
const STARTING = new RegExp(`^(starting|opening|beginning)\\s+${WHO}$`, 'i');
const ENDING = new RegExp(`^(ending|closing)\\s+${WHO}$`, 'i');
const JOINED = new RegExp(`^new\\s+${WHO}$|^(hires|new hires|joiners)$`, 'i');
const LEFT = new RegExp(`^(churned|lost|cancell?ed)\\s+${WHO}$|^(churned|leavers|departures|exits)$`, 'i');

const NUMFMT: Partial<Record<ColumnKind, string>> = { percent: '0.0%', money: '#,##0', price: '#,##0.00', date: 'yyyy-mm-dd', count: '#,##0' };
const isNumeric = (k: ColumnKind) => k === 'money' || k === 'count' || k === 'number' || k === 'price';

/** Column specs with the formulas the names imply; data rows are {first}…{last}. */
export function specs(names: string[]): ColumnSpec[] {
  const out: ColumnSpec[] = names.map((name) => {
    const kind = classify(name);
    return { name, kind, total: isNumeric(kind) && kind !== 'price' ? 'sum' : 'none', ...(NUMFMT[kind] ? { numFmt: NUMFMT[kind] } : {}), ...(isNumeric(kind) ? { family: kind === 'price' ? 'money' : (kind) } : kind === 'percent' ? { family: 'percent' as const } : {}) };
  });
  const L = (i: number) => numberToColumn(i + 1);
  const find = (re: RegExp, before: number) => out.findIndex((o, k) => k < before && re.test(o.name) && !/%/.test(o.name));
  const numericBefore = (i: number) => out.slice(0, i).map((c, k) => (c.formula === undefined && isNumeric(c.kind) && c.kind !== 'price' ? k : -1)).filter((k) => k >= 0);
  const comparableBefore = (i: number) => out.slice(0, i).map((c, k) => (c.formula === undefined && isNumeric(c.kind) ? k : -1)).filter((k) => k >= 0);
  // the first column labels the rows; levels, thresholds and rates are not added up
  if (out[0] && out[0].kind === 'number') Object.assign(out[0], { kind: 'label', total: 'none', family: undefined });
  for (const c of out) if (c.total === 'sum' && /level|reorder|\bmin\b|threshold|\bage\b|score|target days|^(math|maths|science|english|history|physics|chemistry|biology|grade|mark|exam|test \d+)$/i.test(c.name)) c.total = 'none';
  out.forEach((c, i) => {
    const n = c.name.toLowerCase();
    const prev = /variance|diff/.test(n) ? comparableBefore(i) : numericBefore(i);
    const budget = find(/budget|plan|target|forecast/i, i);
    const actual = find(/actual/i, i);
    const variance = out.findIndex((o, k) => k < i && /variance|difference|diff/i.test(o.name) && !/%/.test(o.name));
    const set = (formula: string, kind: ColumnKind, total: ColumnSpec['total'], extra: Partial<ColumnSpec> = {}) => {
      c.formula = formula;
      c.kind = kind === 'percent' ? 'formula' : 'formula';
      c.numFmt = kind === 'percent' ? '0.0%' : '#,##0';
      c.family = kind === 'percent' ? 'percent' : 'money';
      c.total = total;
      Object.assign(c, extra);
    };
    if (/variance|diff/.test(n) && /%|percent|pct/.test(n)) {
      const base = budget >= 0 ? budget : prev[prev.length - 2];
      if (base === undefined) return;
      const num = variance >= 0 ? `${L(variance)}{r}` : actual >= 0 ? `(${L(actual)}{r}-${L(base)}{r})` : `(${L(prev[prev.length - 1]!)}{r}-${L(base)}{r})`;
      set(`=IF(${L(base)}{r}=0,0,${num}/${L(base)}{r})`, 'percent', { formula: `=IF(${L(base)}{t}=0,0,${num.replaceAll('{r}', '{t}')}/${L(base)}{t})` });
    } else if (/^(variance|difference|diff)$|variance \(/.test(n)) {
      const a = actual >= 0 ? actual : prev[prev.length - 1];
      const b = budget >= 0 ? budget : prev[prev.length - 2];
      if (a === undefined || b === undefined || a === b) return;
      set(`=${L(a)}{r}-${L(b)}{r}`, 'money', 'sum');
    } else if (/^(churn|attrition|turnover)( rate| %)?$|^churn rate %$/.test(n) && find(LEFT, i) >= 0 && find(STARTING, i) >= 0) {
      const [lost, start] = [find(LEFT, i), find(STARTING, i)];
      set(`=IF(${L(start)}{r}=0,0,${L(lost)}{r}/${L(start)}{r})`, 'percent', 'none');
    } else if (/^retention( rate| %)?$/.test(n) && find(LEFT, i) >= 0 && find(STARTING, i) >= 0) {
      const [lost, start] = [find(LEFT, i), find(STARTING, i)];
      set(`=IF(${L(start)}{r}=0,0,(${L(start)}{r}-${L(lost)}{r})/${L(start)}{r})`, 'percent', 'none');
    } else if (ENDING.test(c.name) && find(STARTING, i) >= 0 && find(LEFT, i) >= 0) {
      const joined = find(JOINED, i);
      set(`=${L(find(STARTING, i))}{r}${joined >= 0 ? `+${L(joined)}{r}` : ''}-${L(find(LEFT, i))}{r}`, 'money', 'none', { numFmt: '#,##0', family: 'count' });
    } else if (/^net new\b|^net (change|growth)$/.test(n) && find(JOINED, i) >= 0 && find(LEFT, i) >= 0) {
      set(`=${L(find(JOINED, i))}{r}-${L(find(LEFT, i))}{r}`, 'money', 'sum', { numFmt: '#,##0', family: 'count' });
    } else if (/growth|yoy|mom|% change|change %/.test(n)) {
      // the growth of the column just before it (a Total included; not a variance, which is a difference)
      const numericCol = (k: number) => (out[k]!.family === 'money' || out[k]!.family === 'count' || out[k]!.family === 'number') && !/variance|difference|diff/i.test(out[k]!.name);
      const base = [...out.slice(0, i).keys()].reverse().find((k) => numericCol(k) && (/^total$/i.test(out[k]!.name) || !out[k]!.formula)) ?? [...out.slice(0, i).keys()].reverse().find(numericCol);
      if (base === undefined) return;
      set(`=IF(${L(base)}{p}=0,0,(${L(base)}{r}-${L(base)}{p})/${L(base)}{p})`, 'percent', 'none', { firstRow: '' });
    } else if (/share|% of total|percent of total|ownership/.test(n) && !/^shares$/.test(n)) {
      // the share of a row's total when there is a Total column ("Share of total %" beside North…West, Total), else of the column before
      const rowTotal = [...out.slice(0, i).keys()].reverse().find((k) => /^(row )?total$/i.test(out[k]!.name));
      const base = rowTotal ?? prev[prev.length - 1];
      if (base === undefined) return;
      set(`=IF(SUM(${L(base)}$\{first}:${L(base)}$\{last})=0,0,${L(base)}{r}/SUM(${L(base)}$\{first}:${L(base)}$\{last}))`, 'percent', 'none');
    } else if (/attainment|% of target|achievement/.test(n) && budget >= 0 && actual >= 0) {
      set(`=IF(${L(budget)}{r}=0,0,${L(actual)}{r}/${L(budget)}{r})`, 'percent', { formula: `=IF(${L(budget)}{t}=0,0,${L(actual)}{t}/${L(budget)}{t})` });
    } else if (/margin/.test(n) && find(/profit/i, i) >= 0 && find(/revenue|sales/i, i) >= 0) {
      const p = find(/profit/i, i);
      const r = find(/revenue|sales/i, i);
      set(`=IF(${L(r)}{r}=0,0,${L(p)}{r}/${L(r)}{r})`, 'percent', { formula: `=IF(${L(r)}{t}=0,0,${L(p)}{t}/${L(r)}{t})` });
    } else if (/^(commission|commission earned|bonus)$/.test(n) && find(/sales|revenue|amount|bookings/i, i) >= 0 && out.findIndex((o, k) => k < i && /rate|%/i.test(o.name)) >= 0) {
      set(`=${L(find(/sales|revenue|amount|bookings/i, i))}{r}*${L(out.findIndex((o, k) => k < i && /rate|%/i.test(o.name)))}{r}`, 'money', 'sum');
    } else if (/^(total|line total|order total)$/.test(n) && find(/qty|quantity|units/i, i) >= 0 && find(/price|unit cost/i, i) >= 0) {
      set(`=${L(find(/qty|quantity|units/i, i))}{r}*${L(find(/price|unit cost/i, i))}{r}`, 'money', 'sum');
    } else if (/^(total|sum)$/.test(n) && prev.length >= 1) {
      // a Total adds up the amounts before it (one amount column: still a formula, never invented numbers)
      set(`=SUM(${L(prev[0]!)}{r}:${L(prev[prev.length - 1]!)}{r})`, 'money', 'sum');
    } else if (/^(average|avg|mean)$/.test(n) && prev.length >= 2) {
      set(`=AVERAGE(${L(prev[0]!)}{r}:${L(prev[prev.length - 1]!)}{r})`, 'money', 'none', { numFmt: '#,##0.0' });
    } else if (/^(net|operating) (profit|income)$|^ebit/.test(n) && find(/gross profit/i, i) >= 0 && find(/operating expense|opex|overhead/i, i) >= 0) {
      set(`=${L(find(/gross profit/i, i))}{r}-${L(find(/operating expense|opex|overhead/i, i))}{r}`, 'money', 'sum');
    } else if (/profit|^net\b/.test(n) && find(/revenue|sales|income/i, i) >= 0 && find(/cost|expense|cogs/i, i) >= 0) {
      set(`=${L(find(/revenue|sales|income/i, i))}{r}-${L(find(/cost|expense|cogs/i, i))}{r}`, 'money', 'sum');
    } else if (/weighted/.test(n) && find(/value|amount|revenue/i, i) >= 0 && out.findIndex((o, k) => k < i && /probability|likelihood|chance/i.test(o.name)) >= 0) {
      const pr = out.findIndex((o, k) => k < i && /probability|likelihood|chance/i.test(o.name));
      set(`=${L(find(/value|amount|revenue/i, i))}{r}*${L(pr)}{r}`, 'money', 'sum');
    } else if (/^(value|stock value|amount|line total|total value|inventory value)$/.test(n) && find(/stock|qty|quantity|units|hours/i, i) >= 0 && find(/price|rate|unit cost/i, i) >= 0) {
      set(`=${L(find(/stock|qty|quantity|units|hours/i, i))}{r}*${L(find(/price|rate|unit cost/i, i))}{r}`, 'money', 'sum');
    } else if (/conversion rate|conv\.? rate|\bctr\b|click-through|sign-?up rate/.test(n) && find(/sign-?ups|conversions|orders|leads|clicks|purchases/i, i) >= 0 && find(/sessions|visits|visitors|users|impressions|page ?views|traffic/i, i) >= 0) {
      const num = find(/sign-?ups|conversions|orders|leads|clicks|purchases/i, i);
      const den = find(/sessions|visits|visitors|users|impressions|page ?views|traffic/i, i);
      set(`=IF(${L(den)}{r}=0,0,${L(num)}{r}/${L(den)}{r})`, 'percent', { formula: `=IF(${L(den)}{t}=0,0,${L(num)}{t}/${L(den)}{t})` });
    } else if (/^(remaining|balance|left|days left)\b/.test(n) && find(/allowance|entitlement|allocated/i, i) >= 0 && find(/taken|used|booked/i, i) >= 0) {
      set(`=${L(find(/allowance|entitlement|allocated/i, i))}{r}-${L(find(/taken|used|booked/i, i))}{r}`, 'money', 'sum', { numFmt: '#,##0', family: 'count' });
    } else if (/^rank/.test(n) && prev.length) {
      const base = prev[prev.length - 1]!;
      set(`=RANK(${L(base)}{r},${L(base)}$\{first}:${L(base)}$\{last})`, 'money', 'none', { numFmt: '0', family: 'number' });
    } else if (/reorder\??$|reorder (flag|status|needed)/.test(n) && find(/stock|on hand|qty/i, i) >= 0 && find(/reorder level|reorder point|min/i, i) >= 0) {
      set(`=IF(${L(find(/stock|on hand|qty/i, i))}{r}<=${L(find(/reorder level|reorder point|min/i, i))}{r},"Reorder","OK")`, 'money', 'none', { family: undefined });
      delete c.numFmt;
    } else if (/^end( date)?$|finish/.test(n) && find(/start/i, i) >= 0 && find(/duration|days/i, i) >= 0) {
      set(`=${L(find(/start/i, i))}{r}+${L(find(/duration|days/i, i))}{r}`, 'money', 'none', { numFmt: 'yyyy-mm-dd', family: undefined });
    }
  });
  // a cash flow: closing = opening + inflows − outflows, and each period opens with the last one's closing
  const opening = out.findIndex((c) => /^(opening|starting|beginning) balance$/i.test(c.name));
  const closing = out.findIndex((c) => /^(closing|ending) balance$/i.test(c.name));
  const inflow = out.findIndex((c) => /^(inflows?|cash in|receipts)$/i.test(c.name));
  const outflow = out.findIndex((c) => /^(outflows?|cash out|disbursements)$/i.test(c.name));
  if (opening >= 0 && closing > opening && inflow >= 0 && outflow >= 0) {
    Object.assign(out[closing]!, { formula: `=${L(opening)}{r}+${L(inflow)}{r}-${L(outflow)}{r}`, kind: 'formula', numFmt: '#,##0', family: 'money', total: 'none' });
    Object.assign(out[opening]!, { formula: `=${L(closing)}{p}`, firstRow: 'sample', total: 'none' });
  }
  // a churn table over periods: each period starts with the customers the last one ended with; levels are not added up
  const startPeople = out.findIndex((c) => STARTING.test(c.name));
  const endPeople = out.findIndex((c) => ENDING.test(c.name) && c.formula !== undefined);
  if (startPeople > 0) out[startPeople]!.total = 'none';
  if (startPeople > 0 && endPeople > startPeople && (out[0]!.kind === 'month' || out[0]!.kind === 'quarter' || out[0]!.kind === 'year' || out[0]!.kind === 'date' || /^(week|period)/i.test(out[0]!.name))) Object.assign(out[startPeople]!, { formula: `=${L(endPeople)}{p}`, firstRow: 'sample', total: 'none' });
  // a plan: each task starts the day after the previous one ends
  const start = out.findIndex((c) => c.kind === 'date' && /start/i.test(c.name));
  const end = out.findIndex((c) => c.formula !== undefined && /^end|finish/i.test(c.name));
  if (start >= 0 && end > start) Object.assign(out[start]!, { formula: `=${L(end)}{p}+1`, firstRow: 'sample', total: 'none' });
  return out;
}

export interface SampleContext {
  rows: number;
  /** Excel serial of the first date / month */
  startYear: number;
  startMonth: number;
  endYear?: number;
  /** the first day, when the prompt gives one ("starting 2027-01-04") */
  startDay?: number;
  /** the last month of the period (with `endYear`), when the prompt gave months ("January 2026", "Q2 2026") */
  endMonth?: number;
  /** one row per day ("daily sales log"): the dates are consecutive */
  daily?: boolean;
  /** the rows are expenses (an expense report or log): categories, descriptions and amounts of expenses */
  expense?: boolean;
  /** the rows are posts of a content calendar: channels are publishing channels */
  content?: boolean;
  /** the rows are periods (months, quarters, dates): values trend over them */
  timeSeries?: boolean;
}

/** Days from the first day of the period to its last (both included). */
export function periodDays(ctx: Pick<SampleContext, 'startYear' | 'startMonth' | 'endYear' | 'endMonth'>): number {
  const start = excelSerial(ctx.startYear, ctx.startMonth, 1);
  const end = ctx.endMonth !== undefined ? excelSerial(ctx.endYear ?? ctx.startYear, ctx.endMonth + 1, 1) - 1 : excelSerial(ctx.endYear ?? ctx.startYear, 12, 31);
  return Math.max(1, end - start + 1);
}

const PEOPLE = ['Alex Martin', 'Sam Lee', 'Jordan Diaz', 'Taylor Kim', 'Morgan Blake', 'Casey Nguyen', 'Robin Patel', 'Jamie Rossi', 'Drew Fischer', 'Avery Cohen'];
const CONTENT_CHANNELS = ['Blog', 'LinkedIn', 'Newsletter', 'Instagram', 'YouTube'];
const EXPENSE_CATEGORIES = ['Travel', 'Meals', 'Software', 'Office supplies', 'Accommodation', 'Transport', 'Training', 'Phone & internet'];
const EXPENSE_ITEMS = ['Train ticket to client site', 'Client lunch', 'Project tool subscription', 'Printer paper and toner', 'Hotel, 1 night', 'Taxi to the airport', 'Online course', 'Mobile plan'];

const excelSerial = (y: number, m: number, d: number) => Math.round((Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 30)) / 86_400_000);

/** A sample value for row i; label columns cycle through short lists, ids are unique. */
export function sampleValue(c: ColumnSpec, i: number, rand: () => number, ctx: SampleContext): string | number {
  const n = c.name.toLowerCase();
  switch (c.kind) {
    case 'month': {
      const m = ctx.startMonth - 1 + i;
      return ctx.rows > 12 || ctx.startMonth !== 1 ? `${MONTHS[m % 12]} ${ctx.startYear + Math.floor(m / 12)}` : MONTHS[m % 12]!;
    }
    case 'quarter':
      return ctx.rows > 4 ? `Q${(i % 4) + 1} ${ctx.startYear + Math.floor(i / 4)}` : `Q${(i % 4) + 1}`;
    case 'year':
      return ctx.startYear + i;
    case 'date': {
      // spread over the range (one year by default; the months given: "January 2026"), in order; a day per row when daily
      const years = Math.max(1, (ctx.endYear ?? ctx.startYear) - ctx.startYear + 1);
      const span = ctx.endMonth !== undefined ? periodDays(ctx) - 1 : years * 365 - 1;
      const start = excelSerial(ctx.startYear, ctx.startMonth, ctx.startDay ?? 1);
      const step = ctx.daily ? 1 : ctx.rows > 1 ? Math.min(7, span / (ctx.rows - 1)) : 0;
      return start + Math.min(span, Math.floor(i * step));
    }
    case 'id': {
      const prefix = /sku/.test(n) ? 'SKU' : /invoice/.test(n) ? 'INV' : /order/.test(n) ? 'ORD' : 'ID';
      return `${prefix}-${String(10001 + i)}`;
    }
    case 'label': {
      if (ctx.expense && /categor|^type$/.test(n)) return EXPENSE_CATEGORIES[i % EXPENSE_CATEGORIES.length]!;
      if (ctx.expense && /description|^item$|details|purpose/.test(n)) return EXPENSE_ITEMS[i % EXPENSE_ITEMS.length]!;
      if (/^(notes?|comments?|remarks)$/.test(n)) return '';
      if (/e-?mail/.test(n)) return `${PEOPLE[i % PEOPLE.length]!.toLowerCase().replace(' ', '.')}${i >= PEOPLE.length ? Math.floor(i / PEOPLE.length) + 1 : ''}@example.com`;
      if (/phone|mobile|\btel\b/.test(n)) return `+1 555 01${String(i % 100).padStart(2, '0')}`;
      if (/address/.test(n)) return `${12 + i * 7} ${['Market Street', 'High Street', 'Park Avenue', 'Mill Lane', 'Station Road'][i % 5]}`;
      if (/website|\burl\b/.test(n)) return `https://www.example${i + 1}.com`;
      if (ctx.content && /channel|platform/.test(n)) return CONTENT_CHANNELS[i % CONTENT_CHANNELS.length]!;
      const list = LABELS.find(([re]) => re.test(c.name))?.[1];
      if (list) {
        if (/product/.test(n) && i >= list.length) return `${list[i % list.length]} – model ${Math.floor(i / list.length) + 1}`;
        return list[i % list.length]!;
      }
      return `${capitalize(c.name.replace(/\s*name$/i, ''))} ${i + 1}`;
    }
    case 'percent':
      return Math.round((0.02 + rand() * 0.4) * 1000) / 1000;
    case 'price':
      return Math.round((5 + rand() * 195) * 100) / 100;
    case 'money': {
      // an expense line: tens to hundreds
      if (ctx.expense && /amount|cost|expense|total|spend|value/.test(n) && !/budget|target/.test(n)) return Math.round(12 + rand() * 480);
      // a yearly salary per person
      if (/^(annual )?(salary|base salary|wage)$/.test(n)) return Math.round((45 + rand() * 75)) * 1000;
      // rows over time trend gently; other rows (categories…) each have their own size; columns
      // meant to be compared (budget, actual, target, forecast) share a scale, others have their own
      const row = ctx.timeSeries ? 5000 * (1 + 0.02 * Math.min(i, 60)) : 1500 + (hashString(`row${i}`) % 8500);
      const comparable = /budget|actual|target|forecast|plan|revenue|sales|income/.test(n) || isPeriodMember(n) || ACROSS_NAMES.has(n);
      // costs stay below revenue, so that profit and margin come out positive
      const factor = /cogs|cost of/.test(n) ? 0.45 : /operating|opex|overhead/.test(n) ? 0.3 : /cost|expense|spend/.test(n) ? 0.6 : comparable ? 1 : 0.4 + (hashString(n) % 120) / 100;
      return Math.round(row * factor * (0.85 + 0.3 * rand()));
    }
    case 'count':
      if (isWeekday(n)) return Math.round(4 + rand() * 5);
      if (/^(hires|new hires|openings|vacancies|positions)$/.test(n)) return Math.round(1 + rand() * 4);
      if (STARTING.test(n)) return /headcount/.test(n) ? Math.round(40 + rand() * 60) : Math.round(900 + rand() * 300);
      if (/^(leavers|departures|exits)$/.test(n)) return Math.round(rand() * 4);
      if (JOINED.test(n)) return Math.round(50 + rand() * 50);
      if (LEFT.test(n)) return Math.round(15 + rand() * 25);
      if (/reorder|min/.test(n)) return Math.round(10 + rand() * 40);
      if (/allowance|entitlement|allocated/.test(n)) return 20 + Math.round(rand() * 10);
      if (/taken|used|booked/.test(n)) return Math.round(rand() * 18);
      if (/duration|days/.test(n)) return Math.round(3 + rand() * 25);
      if (/^(math|maths|science|english|history|physics|chemistry|biology|grade|mark|exam|test \d+)$/.test(n)) return Math.round(50 + rand() * 50);
      if (/stock|on hand/.test(n)) return Math.round(rand() * 200);
      if (/sessions|visits|visitors|page ?views|impressions|\busers\b|traffic/.test(n)) return Math.round(5000 * (1 + 0.02 * Math.min(i, 60)) * (0.85 + 0.3 * rand()));
      if (/sign-?ups|conversions|leads|downloads|installs|purchases/.test(n)) return Math.round(150 * (1 + 0.02 * Math.min(i, 60)) * (0.7 + 0.6 * rand()));
      if (/clicks/.test(n)) return Math.round(400 * (0.8 + 0.4 * rand()));
      if (/^shares$/.test(n)) return [4_000_000, 3_500_000, 1_500_000, 1_200_000, 2_500_000][i % 5]! + Math.round(rand() * 100) * 1000;
      return Math.round((20 + (hashString(n) % 180)) * (1 + 0.02 * Math.min(i, 60)) * (0.85 + 0.3 * rand()));
    default:
      return Math.round(rand() * 1000);
  }
}

/** The kinds a sample generator invents (numbers), as opposed to structure (labels, months, ids). */
export function inventsNumbers(c: ColumnSpec): boolean {
  return c.formula === undefined && (c.kind === 'money' || c.kind === 'count' || c.kind === 'number' || c.kind === 'price' || c.kind === 'percent');
}
