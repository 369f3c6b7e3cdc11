/** The offline model's plan for a workbook: new workbooks from the prompt, simple edits on resume. */
import { numberToColumn, parseRange } from '@/lib/workbook/cell-ref';
import type { WorkbookIndex } from '../types';
import { WORKBOOK_KINDS, forFormat, capitalize, cleanName, parsePrompt, seededRandom, splitList, titleCase, toNumber, topicOf, type PromptFacts } from './parse-prompt';
import { ACROSS, classify, dimensionMembers, inventsNumbers, isPeriodMember, isWeekday, periodDays, sampleValue, specs, type ColumnSpec, type SampleContext } from './workbook-columns';
import { invoiceDetails } from './invoice-details';
import { invoiceSheet, kpiDashboard, loanSchedule, okrSheet, threeStatementModel } from './workbook-models';
import { attendanceSheet, balanceSheet, FUNNELS, funnelSheet, savingsPlan, SAVINGS_HEADER_ROW } from './workbook-blueprints';
import { amountsIn, durationMonths, ratePct, savingsInputs } from './money-amounts';
import { attachmentIds, clauses, SAMPLE_NOTE, type OfflinePlan, type PlannedBatch, type PlannedCall, type PlanInput, type PriorResults } from './plan-types';
import { planAddRows, planColumnEdit, renameInChartTitles, type PlannedEdit } from './workbook-edits';
import { featureCalls, findColumn, type FeatureSheet } from './workbook-features';
import { featurePhrases, type Feature } from './feature-phrases';

const TITLE_HEADER_ROW = 3;
type ChartKind = 'bar' | 'column' | 'line' | 'pie' | 'area' | 'scatter' | 'doughnut';

const FIRST_LABELS: Partial<Record<NonNullable<PromptFacts['kind']>, string[]>> = {
  'project-plan': ['Kick-off', 'Requirements', 'Design', 'Build', 'Testing', 'Training', 'Go-live', 'Review', 'Handover', 'Close-out'],
  kpi: ['Revenue', 'New customers', 'Active users', 'Orders', 'Tickets solved', 'Leads', 'Deals won', 'Website visits', 'Trials started', 'Renewals'],
  okr: ['Grow revenue', 'Delight customers', 'Ship faster', 'Build the team'],
  'cap-table': ['Founder 1', 'Founder 2', 'Employee pool', 'Seed investor', 'Series A investor'],
};
/** the sheet of a one-sheet blueprint is named after what it holds (the title goes in A1) */
const SHEET_NAMES: Partial<Record<NonNullable<PromptFacts['kind']>, string>> = { budget: 'Budget', forecast: 'Forecast', pnl: 'P&L', 'cap-table': 'Cap table', sales: 'Sales', inventory: 'Inventory', 'project-plan': 'Plan', kpi: 'KPIs', okr: 'OKRs' };
const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** Budget lines by what the budget is for (an event, marketing, a household, IT), else a company's. */
const BUDGET_CONTEXTS: Array<[RegExp, string[]]> = [
  [/\b(event|conference|summit|wedding|party|offsite|off-site|gala|festival|meetup)\b/i, ['Venue', 'Catering', 'AV & production', 'Speakers', 'Marketing & promotion', 'Travel & accommodation', 'Staff', 'Contingency']],
  [/\bmarketing\b/i, ['Paid search', 'Social ads', 'Content', 'Events', 'Agencies', 'Marketing tools', 'PR', 'Contingency']],
  [/\b(household|personal|family|home|living|student|my)\b/i, ['Rent / mortgage', 'Groceries', 'Utilities', 'Transport', 'Insurance', 'Phone & internet', 'Entertainment', 'Savings']],
  [/\b(it|software|engineering|tech|technology)\b/i, ['Cloud hosting', 'Software licences', 'Hardware', 'Contractors', 'Security', 'Support contracts', 'Training', 'Contingency']],
];
const BUDGET_CATEGORIES = ['Salaries', 'Rent', 'Marketing', 'Software', 'Travel', 'Equipment', 'Training', 'Utilities', 'Insurance', 'Professional fees', 'Office supplies', 'Contractors'];

/**
 * Rows that are dated entries rather than periods: "daily …", or a log / transactions / expenses
 * over a period the prompt gives in months ("January 2026 expense report", "sales log for Q2 2026")
 * with no "by month".
 */
function datedRows(facts: PromptFacts): boolean {
  if (facts.dims.includes('day')) return true;
  if (facts.dims.some((d) => d === 'month' || d === 'quarter' || d === 'year' || d === 'week')) return false;
  return facts.range?.from.month !== undefined && /\b(log|logs|journal|register|transactions?|expenses?|receipts?|entries|ledger|diary|calendar|schedule)\b/i.test(facts.text);
}

/** The columns of an attendance register: sessions ("10 lessons"), weeks ("for 8 weeks"), the weekdays of the months given ("for March 2027"), else Mon–Fri. */
const SESSION_NOUNS: Record<string, string> = { sessions: 'Session', lessons: 'Lesson', classes: 'Class', meetings: 'Meeting', practices: 'Practice', rehearsals: 'Rehearsal', workshops: 'Workshop', lectures: 'Lecture', seminars: 'Seminar', shifts: 'Shift' };
function attendanceDays(facts: PromptFacts): string[] {
  const t = facts.text;
  const sessions = /\b(\d{1,2}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty)\s+(?:weekly\s+|training\s+)?(sessions|lessons|classes|meetings|practices|rehearsals|workshops|lectures|seminars|shifts)\b/i.exec(t);
  const ns = sessions ? toNumber(sessions[1]!.toLowerCase()) : undefined;
  if (sessions && ns && ns > 0) return Array.from({ length: Math.min(ns, 60) }, (_, k) => `${SESSION_NOUNS[sessions[2]!.toLowerCase()]} ${k + 1}`);
  const days = /\b(\d{1,2}|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty)[- ]days?\b/i.exec(t);
  const nd = days ? toNumber(days[1]!.toLowerCase()) : undefined;
  if (nd && nd > 1) return Array.from({ length: Math.min(nd, 60) }, (_, k) => `Day ${k + 1}`);
  const weeks = /\b(\d{1,2}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty)[- ]weeks?\b/i.exec(t);
  const nw = weeks ? toNumber(weeks[1]!.toLowerCase()) : undefined;
  if (nw && nw > 1) return Array.from({ length: Math.min(nw, 60) }, (_, k) => `Week ${k + 1}`);
  const r = facts.range;
  if (r?.from.month !== undefined) {
    const out: string[] = [];
    const end = Date.UTC(r.to.year, r.to.month ?? 12, 0);
    for (let d = Date.UTC(r.from.year, r.from.month - 1, 1); d <= end && out.length < 66; d += 86_400_000) {
      const day = new Date(d);
      if (day.getUTCDay() === 0 || day.getUTCDay() === 6) continue;
      out.push(`${day.getUTCDate()} ${MONTH_NAMES[day.getUTCMonth()]}`);
    }
    if (out.length) return out;
  }
  return ['Mon', 'Tue', 'Wed', 'Thu', 'Fri'];
}

/** The dates of a balance sheet's columns: the day given, the year ends of a range of years (up to 5), the end of the period given, else 31 Dec 2025. */
function balanceDates(facts: PromptFacts): string[] {
  const endOf = (y: number, m: number) => `${new Date(Date.UTC(y, m, 0)).getUTCDate()} ${MONTH_NAMES[m - 1]} ${y}`;
  if (facts.startDate) return [`${facts.startDate.day} ${MONTH_NAMES[facts.startDate.month - 1]} ${facts.startDate.year}`];
  const r = facts.range;
  if (r && r.to.year > r.from.year) return Array.from({ length: Math.min(5, r.to.year - r.from.year + 1) }, (_, k) => endOf(r.to.year - Math.min(4, r.to.year - r.from.year) + k, 12));
  if (r) return [endOf(r.to.year, r.to.month ?? 12)];
  return [endOf(2025, 12)];
}

/** "balance sheet", "attendance sheet": there "sheet" is part of the subject's name, not the file it goes in. */
const sheetTopic = (facts: PromptFacts, topic: string) => (/\b(balance|attendance|sign-in)\s+sheets?\b/i.test(facts.subject) ? facts.subject : topic);

/** Sample names, all different (first and last names combined). */
const FIRST_NAMES = ['Alex', 'Sam', 'Jordan', 'Taylor', 'Morgan', 'Casey', 'Robin', 'Jamie', 'Drew', 'Avery', 'Riley', 'Quinn', 'Harper', 'Rowan', 'Elliot', 'Noa', 'Priya', 'Mateo', 'Yuki', 'Amara'];
const LAST_NAMES = ['Martin', 'Lee', 'Diaz', 'Kim', 'Blake', 'Nguyen', 'Patel', 'Rossi', 'Fischer', 'Cohen', 'Okafor', 'Silva', 'Novak', 'Haddad', 'Larsen', 'Moreau', 'Sato', 'Kowalski', 'Brennan', 'Costa'];
function personNames(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `${FIRST_NAMES[i % FIRST_NAMES.length]} ${LAST_NAMES[(i + Math.floor(i / FIRST_NAMES.length)) % LAST_NAMES.length]}`);
}

/** KPI names a prompt may list ("with monthly revenue, orders and average order value"), as the dashboard shows them. */
const KNOWN_KPIS: Array<[RegExp, string]> = [
  [/\bmrr\b|monthly recurring revenue/i, 'MRR'],
  [/\barr\b|annual recurring revenue/i, 'ARR'],
  [/\brevenue\b(?! per)/i, 'Revenue'],
  [/\baverage order value\b|\baov\b/i, 'Average order value'],
  [/\borders\b/i, 'Orders'],
  [/\bunits sold\b/i, 'Units sold'],
  [/\bnew customers\b/i, 'New customers'],
  [/\bactive users\b|\bmau\b|\bdau\b/i, 'Active users'],
  [/\bchurn\b/i, 'Churn rate'],
  [/\bconversion( rate)?\b/i, 'Conversion rate'],
  [/\bcac\b|customer acquisition cost/i, 'CAC'],
  [/\bltv\b|\bclv\b|lifetime value/i, 'LTV'],
  [/\bnps\b|net promoter/i, 'NPS'],
  [/\bcsat\b|customer satisfaction/i, 'CSAT'],
  [/\bgross margin\b/i, 'Gross margin %'],
  [/\b(website )?(visits|sessions|traffic)\b/i, 'Website visits'],
  [/\bleads\b/i, 'Leads'],
  [/\bsign-?ups\b/i, 'Sign-ups'],
  [/\bburn( rate)?\b/i, 'Burn'],
];

/** A churn table: who was there at the start, who joined, who left, who is left, and the rate (churned ÷ starting). */
function churnColumns(facts: PromptFacts): string[] | undefined {
  const t = facts.text.toLowerCase();
  if (/\b(churn(ed)?|attrition|retention|staff turnover|employee turnover)\b/.test(t) && (!facts.kind || facts.kind === 'sales' || facts.kind === 'forecast')) {
    const other = facts.dims.find((d) => d !== 'month' && d !== 'quarter' && d !== 'year' && d !== 'week' && d !== 'day');
    const first = other ? capitalize(other) : facts.dims.includes('quarter') ? 'Quarter' : facts.dims.includes('week') ? 'Week' : facts.dims.includes('year') ? 'Year' : 'Month';
    // staff: headcount, hires and leavers, and attrition
    if (/\b(employees?|staff|attrition|turnover|headcount|workforce)\b/.test(t) && !/\b(customers?|subscri\w*|users?|clients?)\b/.test(t)) {
      const cols = [first, 'Starting headcount', 'Hires', 'Leavers', 'Ending headcount', 'Attrition rate'];
      if (/\bretention\b/.test(t)) cols.push('Retention rate');
      return cols;
    }
    const who = /\bsubscri/.test(t) ? 'subscribers' : /\busers?\b/.test(t) ? 'users' : /\bmembers?\b|\bmembership/.test(t) ? 'members' : /\baccounts?\b/.test(t) ? 'accounts' : 'customers';
    const cols = [first, `Starting ${who}`, `New ${who}`, `Churned ${who}`, ...(/\bnet (new|adds|additions|change|growth)\b/.test(t) ? [`Net new ${who}`] : []), `Ending ${who}`, 'Churn rate'];
    if (/\bretention\b/.test(t)) cols.push('Retention rate');
    return cols;
  }
  return undefined;
}

/** Default columns of the table blueprints (when the prompt names none). */
function defaultColumns(facts: PromptFacts): string[] {
  const t = facts.text.toLowerCase();
  const m = new Set(facts.measures);
  // a commission calculator: per rep, sales × rate (whatever kind of sheet "sales" made it look like)
  if (/\bcommissions?\b/.test(t) && !facts.dims.some((d) => d === 'month' || d === 'quarter')) return ['Rep', 'Sales', 'Commission rate', 'Commission'];
  const churn = churnColumns(facts);
  if (churn) return churn;
  switch (facts.kind) {
    case 'budget': {
      // "budget by department": one row per department
      const by = facts.dims.find((d) => d !== 'month' && d !== 'quarter' && d !== 'year' && d !== 'week' && d !== 'day');
      // "broken down by quarter", "monthly budget": the categories down, one column per period and a total
      const time = facts.dims.find((d) => d === 'quarter' || d === 'month');
      if (time && !/\b(vs\.?|versus|against|actuals?)\b/i.test(facts.text)) return [by ? capitalize(by) : 'Category', ...(time === 'quarter' ? ['Q1', 'Q2', 'Q3', 'Q4'] : MONTH_NAMES), 'Total'];
      // "monthly budget vs actual": one row per month (per quarter for "quarterly")
      return [by ? capitalize(by) : time === 'month' ? 'Month' : time === 'quarter' ? 'Quarter' : 'Category', 'Budget', 'Actual', 'Variance', 'Variance %'];
    }
    case 'inventory':
      return ['SKU', 'Product', 'Category', 'Stock', 'Reorder level', 'Unit price', 'Stock value', 'Reorder?', 'Last restock date'];
    case 'project-plan':
      return ['Task', 'Owner', 'Start date', 'Duration (days)', 'End date', 'Status', '% complete'];
    case 'kpi':
      return ['KPI', 'Target', 'Actual', 'Variance', 'Attainment %'];
    case 'forecast': {
      const years = facts.tree.nodes.some((n) => n.type === 'count' && n.of === 'year') || facts.dims.includes('year');
      const period = years ? 'Year' : facts.dims.includes('quarter') ? 'Quarter' : 'Month';
      if (/\bcash ?flow\b/.test(t)) return [period, 'Opening balance', 'Inflows', 'Outflows', 'Closing balance'];
      // a projection looks ahead (no actuals yet); a forecast is compared with actuals
      return /projection/.test(t) ? [period, 'Revenue', 'Growth %'] : [period, 'Forecast', 'Actual', 'Variance', 'Variance %'];
    }
    case 'cap-table':
      return ['Shareholder', 'Class', 'Shares', 'Ownership %'];
    case 'okr':
      return ['Objective', 'Key result', 'Owner', 'Target', 'Current', 'Progress %'];
    case 'pnl':
      return [facts.dims.includes('quarter') ? 'Quarter' : facts.dims.includes('year') ? 'Year' : 'Month', 'Revenue', 'COGS', 'Gross profit', 'Gross margin %', 'Operating expenses', 'Net profit'];
    case 'sales': {
      // a period and another dimension ("by region for each month"): periods down, the dimension across
      const time = facts.dims.find((d) => d === 'month' || d === 'quarter' || d === 'year');
      const other = facts.dims.find((d) => d !== 'month' && d !== 'quarter' && d !== 'year' && d !== 'week' && d !== 'day');
      if (time && other && ACROSS[other]) {
        const cols = [capitalize(time), ...ACROSS[other], 'Total'];
        if (m.has('growth')) cols.push('Growth %');
        return cols;
      }
      const first = other ? capitalize(other) : datedRows(facts) ? 'Date' : facts.rows === 4 || facts.dims.includes('quarter') ? 'Quarter' : facts.dims.includes('week') ? 'Week' : facts.dims.includes('year') ? 'Year' : 'Month';
      const cols = [first, 'Units', 'Revenue'];
      if (m.has('growth')) cols.push('Growth %');
      if (m.has('share')) cols.push('Share of total');
      if (m.has('rank')) cols.push('Rank');
      return cols;
    }
    default:
      break;
  }
  if (/\b(vacation|holiday|annual leave|leave|pto|time off)\b/.test(t) && !facts.dims.some((d) => d !== 'department' && d !== 'team')) return ['Employee', 'Department', 'Allowance (days)', 'Taken (days)', 'Remaining (days)'];
  if (/\b(content|editorial|social media|posting|publishing)\s+(calendar|plan|schedule)\b/.test(t)) return ['Date', 'Channel', 'Topic', 'Owner', 'Status'];
  if (/\b(bug|issue|defect|ticket)s?\s+(tracker|log|list|register)\b/.test(t)) return ['ID', 'Title', 'Priority', 'Status', 'Assignee', 'Reported', 'Due date'];
  if (/\b(rota|roster|shift schedule|shift plan|shifts)\b/.test(t)) return ['Employee', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun', 'Total'];

  if (/\bprice ?list|\bpricing\b|\bproduct catalog(ue)?\b/.test(t)) return ['SKU', 'Product', 'Category', 'Unit price'];
  if (/\bhiring plan|\brecruit(ing|ment) plan/.test(t) && !facts.dims.length) return ['Role', 'Department', 'Hires', 'Start date', 'Salary'];
  if (/\btimesheet|\btime sheet/.test(t)) return ['Employee', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Total'];
  if (/\bcash ?flow\b/.test(t)) return ['Month', 'Opening balance', 'Inflows', 'Outflows', 'Closing balance'];
  // an expense report or log: dated expense lines (within the period the prompt gives)
  if (/expense|cost|receipt|petty cash|reimburs/.test(t) && !facts.dims.some((d) => d !== 'day')) return ['Date', 'Category', 'Description', 'Amount'];
  if (/employee|staff|headcount|team/.test(t) && !facts.dims.length) return ['Name', 'Department', 'Start date', 'Salary'];
  if (/forecast|projection/.test(t)) return ['Month', 'Forecast', 'Actual', 'Variance', 'Variance %'];
  // "marketing spend by channel": the dimension down, the measure the subject names across
  const dim = facts.dims[0];
  const measure = /\b(spend|spending|cost|costs|expenses|revenue|sales|budget|hours|units|orders|headcount|amount)\b/i.exec(facts.subject)?.[1];
  const first = dim === 'day' || datedRows(facts) ? 'Date' : dim ? capitalize(dim) : 'Item';
  return [first, measure ? capitalize(measure.toLowerCase()) : 'Value'];
}

/**
 * "with name, email, country and lifetime value": names after "with" are the columns, unless a
 * blueprint knows better (a budget's "rent, salaries and marketing" are its rows, a P&L's "revenue,
 * COGS, gross margin" its own lines). Rows get a label column first when the list has none.
 */
function implicitColumns(facts: PromptFacts): string[] | undefined {
  if (!facts.implicit.length || (facts.kind && !['sales', 'inventory', 'project-plan', 'forecast'].includes(facts.kind))) return undefined;
  let names = facts.implicit.map(capitalize);
  // "maths, science and english marks": the last item's noun is shared by the list
  const shared = /^(.+?)\s+(marks|scores|grades|results)$/i.exec(names[names.length - 1]!);
  if (shared && names.length >= 2 && names.slice(0, -1).every((n) => n.split(' ').length <= 2)) names = [...names.slice(0, -1), shared[1]!];
  // a list of people or things ("25 customers with country, segment…"): a column names each one first
  const entity = entityOf(facts);
  if (entity && !names.some((n) => new RegExp(`^(${entity.label}|name|full name|${entity.label} name)$`, 'i').test(n))) return [entity.label, ...names];
  const first = classify(names[0]!);
  if (first === 'label' || first === 'id' || first === 'month' || first === 'quarter' || first === 'year' || first === 'date') return names;
  const dim = facts.dims[0];
  return [dim ? capitalize(dim) : 'Item', ...names];
}


/** What a list's rows are ("customer list", "25 customers", "a class of 20 students"): the label column and the sheet's name. */
const ENTITIES: Array<[RegExp, { label: string; sheet: string }]> = [
  [/\b(customers?|clients?)\b/i, { label: 'Customer', sheet: 'Customers' }],
  [/\b(students?|pupils?|class)\b/i, { label: 'Student', sheet: 'Students' }],
  [/\b(employees?|staff|team members)\b/i, { label: 'Employee', sheet: 'Employees' }],
  [/\b(suppliers?|vendors?)\b/i, { label: 'Supplier', sheet: 'Suppliers' }],
  [/\b(contacts?|leads?)\b/i, { label: 'Name', sheet: 'Contacts' }],
  [/\b(members?|volunteers?)\b/i, { label: 'Name', sheet: 'Members' }],
  [/\b(products?|items?)\b/i, { label: 'Product', sheet: 'Products' }],
];
function entityOf(facts: PromptFacts): { label: string; sheet: string } | undefined {
  const t = facts.text;
  if (!/\b(list|lists|directory|database|register|roster|records?|book|gradebook|of \d+|\d+)\b/i.test(t)) return undefined;
  const listed = /\b(?:list|directory|database|register|roster|book|gradebook)\s+(?:of\s+)?(?:all\s+|our\s+|the\s+|\d+\s+|a class of\s+\d+\s+)?(\w+)|\b(\w+)\s+(?:list|directory|database|register|roster)\b|\b\d+\s+(\w+)/i.exec(t);
  const word = listed ? (listed[1] ?? listed[2] ?? listed[3])! : '';
  return ENTITIES.find(([re]) => re.test(word))?.[1] ?? (/\bgrade ?book\b/i.test(t) ? ENTITIES[1]![1] : undefined);
}

/**
 * "columns Q1, Q2, Q3, Q4 for each region": the listed columns are amounts (periods, regions…); the
 * rows are the members of the prompt's other dimension, in a label column first ("Region"), and a
 * row Total is added when the prompt asks for a total.
 */
function withRowLabel(names: string[], facts: PromptFacts): string[] {
  if (!names.length || !(isPeriodMember(names[0]!) || ACROSS_NAMES_LOWER.has(names[0]!.toLowerCase()))) return names;
  const periods = names.every((n) => isPeriodMember(n));
  const dim = facts.dims.find((d) => d !== 'month' && d !== 'quarter' && d !== 'year' && d !== 'week' && d !== 'day' && (!periods ? !ACROSS[d]?.some((x) => x.toLowerCase() === names[0]!.toLowerCase()) : true));
  // regions across and months down ("columns North, South… for each month"): the period labels the rows
  const time = facts.dims.find((d) => d === 'month' || d === 'quarter' || d === 'year' || d === 'week');
  const label = dim ? capitalize(dim) : !periods && time ? capitalize(time) : facts.kind === 'budget' ? 'Category' : periods ? 'Item' : 'Period';
  const out = [label, ...names];
  if (facts.measures.includes('total') && names.length >= 2 && !out.some((n) => /^total$/i.test(n))) out.push('Total');
  return out;
}
const ACROSS_NAMES_LOWER = new Set(Object.values(ACROSS).flatMap((l) => (l ?? []).map((x) => x.toLowerCase())));

/** Sheets people add for text, not a table: "add a sheet called Notes" gets an empty sheet. */
const NOTES_SHEET = /^(notes?|comments?|read ?me|instructions|assumptions?|about|info(?:rmation)?|to-?dos?|scratch|sources|references|changelog|change log|cover|cover page)$/i;

/** Default columns of a sheet named after what it holds ("Orders", "Customers"). */
const SHEET_COLUMNS: Array<[RegExp, string[]]> = [
  [/^orders?$/i, ['Order ID', 'Customer', 'Order date', 'Quantity', 'Amount']],
  [/^customers?|clients?$/i, ['Customer', 'Country', 'Segment', 'Revenue']],
  [/^products?$/i, ['SKU', 'Product', 'Category', 'Unit price']],
  [/^(employees?|staff|people|team)$/i, ['Name', 'Department', 'Start date', 'Salary']],
  [/^(expenses?|costs?)$/i, ['Date', 'Category', 'Amount']],
  [/^(tasks?|to-?dos?)$/i, ['Task', 'Owner', 'Due date', 'Status']],
  [/^(revenue|sales|income)$/i, ['Month', 'Units', 'Revenue']],
  [/^(contacts?|leads?)$/i, ['Name', 'Company', 'Email', 'Stage']],
  [/^(summary|overview|dashboard)$/i, ['Item', 'Value']],
];

/** Columns the prompt's measures imply but did not name ("with variance %", "and growth"). */
function withMeasures(names: string[], facts: PromptFacts): string[] {
  const out = [...names];
  const has = (re: RegExp) => out.some((n) => re.test(n));
  const m = new Set(facts.measures);
  const numeric = out.filter((n) => !/%|share|growth|rank/i.test(n)).length >= 2;
  if (m.has('variance') && !has(/variance|diff/i) && numeric) out.push('Variance');
  if (m.has('variancePct') && !has(/variance.*%|variance percent/i) && numeric) {
    if (!has(/^variance$/i)) out.push('Variance');
    out.push('Variance %');
  }
  // "…with maths, science and english marks and an average": a row average of the marks
  if (m.has('average') && !has(/^(average|avg|mean)$/i) && out.filter((n) => /^(math|maths|science|english|history|physics|chemistry|biology|geography|art|music|french|spanish|german|test \d+|exam \d+|quiz \d+|q[1-4] score)$/i.test(n)).length >= 2) out.push('Average');
  if (m.has('growth') && !has(/growth|yoy|change/i)) out.push('Growth %');
  if (m.has('share') && !has(/share|% of/i)) out.push('Share of total');
  if (m.has('rank') && !has(/rank/i)) out.push('Rank');
  // "columns Mon … Fri and a total": a row total of the period columns
  if (m.has('total') && !has(/^total$/i) && out.filter((n) => isPeriodMember(n) || isWeekday(n)).length >= 2) out.push('Total');
  return out;
}

function sheetNameOf(s: string): string {
  const full = s.replace(/[\\/?*[\]:"“”]/g, ' ').replace(/\s+/g, ' ').trim().replace(/^'+|'+$/g, '');
  // at most 31 characters, cut at a word
  const n = full.length <= 31 ? full : (full.slice(0, 32).replace(/\s+\S*$/, '') || full.slice(0, 31)).replace(/\s+(for|of|and|the|a|an|to|in|my|our|with)$/i, '').trim();
  return n || 'Sheet';
}

interface SheetBuild {
  name: string;
  title: string;
  columns: ColumnSpec[];
  rows: number;
  seed: string;
  table: boolean;
  ctx: SampleContext;
  /** labels for the first column (budget categories…) */
  firstLabels?: string[];
  /** the choices of a column with a dropdown (by lower-case name): its sample values cycle through them */
  choices?: Record<string, Array<string | number>>;
  average?: boolean;
}

/** Calls that create and fill one sheet: title, sample note, headers, data, totals, formats. */
function buildSheet(b: SheetBuild): { calls: PlannedCall[]; sample: boolean; lastDataRow: number; hasTotals: boolean } {
  const rand = seededRandom(b.seed);
  const h = TITLE_HEADER_ROW;
  const first = h + 1;
  const last = h + b.rows;
  const ncol = b.columns.length;
  const lastCol = numberToColumn(ncol);
  const fill = (f: string, r: number) => f.replaceAll('{r}', String(r)).replaceAll('{p}', String(r - 1)).replaceAll('{first}', String(first)).replaceAll('{last}', String(last)).replaceAll('{t}', String(last + 1));
  let sample = false;
  const data = Array.from({ length: b.rows }, (_, i) =>
    b.columns.map((c, j) => {
      if (c.formula && !(i === 0 && c.firstRow === 'sample')) return i === 0 && c.firstRow === '' ? null : fill(c.formula, first + i);
      const choices = b.choices?.[c.name.toLowerCase()];
      if (choices?.length && c.formula === undefined) return choices[i % choices.length]!;
      if (j === 0 && b.firstLabels && c.kind === 'label') return b.firstLabels[i % b.firstLabels.length]! + (i >= b.firstLabels.length ? ` ${Math.floor(i / b.firstLabels.length) + 1}` : '');
      if (inventsNumbers(c)) sample = true;
      return sampleValue(c, i, rand, b.ctx);
    }),
  );
  const totals = b.columns.map((c, j) => {
    if (j === 0) return 'Total';
    if (c.total === 'sum') return `=SUM(${numberToColumn(j + 1)}${first}:${numberToColumn(j + 1)}${last})`;
    if (c.total !== 'none') return fill(c.total.formula, last + 1);
    return null;
  });
  const hasTotals = b.rows > 1 && totals.slice(1).some((v) => v !== null) && b.columns[0]!.formula === undefined;
  const averages = b.average && hasTotals ? b.columns.map((c, j) => (j === 0 ? 'Average' : c.total === 'sum' ? `=AVERAGE(${numberToColumn(j + 1)}${first}:${numberToColumn(j + 1)}${last})` : null)) : undefined;
  const calls: PlannedCall[] = [
    { toolName: 'add_sheet', input: { name: b.name } },
    {
      toolName: 'write_range',
      input: { sheet: b.name, start: 'A1', rows: [[b.title], [sample ? SAMPLE_NOTE : null], b.columns.map((c) => c.name), ...data, ...(hasTotals ? [totals] : []), ...(averages ? [averages] : [])] },
    },
    { toolName: 'format_range', input: { sheet: b.name, range: 'A1', style: { bold: true, fontSize: 14, color: '#1F4E79' } } },
    { toolName: 'format_range', input: { sheet: b.name, range: `A${h}:${lastCol}${h}`, style: { bold: true, color: '#FFFFFF', fill: '#1F4E79', border: 'thin' } } },
  ];
  if (sample) calls.push({ toolName: 'format_range', input: { sheet: b.name, range: 'A2', style: { italic: true, color: '#7F7F7F' } } });
  const extra = (hasTotals ? 1 : 0) + (averages ? 1 : 0);
  b.columns.forEach((c, j) => {
    if (c.numFmt) calls.push({ toolName: 'format_range', input: { sheet: b.name, range: `${numberToColumn(j + 1)}${first}:${numberToColumn(j + 1)}${last + extra}`, numFmt: c.numFmt } });
  });
  if (hasTotals) calls.push({ toolName: 'format_range', input: { sheet: b.name, range: `A${last + 1}:${lastCol}${last + extra}`, style: { bold: true, borderTop: 'thin' } } });
  calls.push({ toolName: 'freeze_panes', input: { sheet: b.name, rows: h, cols: 0 } });
  calls.push({
    toolName: 'set_column_widths',
    input: {
      sheet: b.name,
      // wide enough for the header and the longest text in the first rows
      widths: Object.fromEntries(
        b.columns.map((c, j) => [numberToColumn(j + 1), Math.max(12, Math.min(40, Math.max(c.name.length + 4, ...data.slice(0, 60).map((r) => (typeof r[j] === 'string' && !String(r[j]).startsWith('=') ? String(r[j]).length + 2 : 0)))))]),
      ),
    },
  });
  if (b.table) {
    const tname = b.name.replace(/[^A-Za-z0-9_]/g, '_').replace(/^([^A-Za-z_])/, 'T_$1');
    calls.push({ toolName: 'define_table', input: { sheet: b.name, name: `${tname}_table`, range: `A${h}:${lastCol}${last}` } });
  }
  return { calls, sample, lastDataRow: last, hasTotals };
}

interface ChartPick {
  type: ChartKind;
  series: Array<{ c: ColumnSpec; j: number }>;
  /** a chart of the totals row across the columns j (one column per region…): categories are the headers */
  across?: { cols: number[]; dim: string };
}

/**
 * Periods down and one column per member of a dimension (Month, North…West, Total): the columns
 * the Total adds up, and the dimension's name.
 */
function acrossLayout(facts: PromptFacts, cols: ColumnSpec[]): { cols: number[]; dim: string } | undefined {
  const first = cols[0]?.kind;
  if (first !== 'month' && first !== 'quarter' && first !== 'year') return undefined;
  const dim = facts.dims.find((d) => ACROSS[d] && ACROSS[d].every((n) => cols.some((c) => c.name === n)));
  if (!dim) return undefined;
  return { cols: ACROSS[dim]!.map((n) => cols.findIndex((c) => c.name === n)), dim };
}

/** Counts that come in thousands (traffic) and those that come in tens or hundreds (what the traffic converts to). */
const scaleOf = (name: string) => (/sessions|visits|visitors|page ?views|impressions|\busers\b|traffic|reach/i.test(name) ? 'traffic' : 'other');

/**
 * The charts for a sheet: the series named in the prompt ("a line chart of revenue"), else the
 * first numeric family (money before counts before ratios) — one unit per chart, never Units on the
 * Revenue scale. "charts" (plural) gives one chart per family.
 */
function pickCharts(facts: PromptFacts, cols: ColumnSpec[], defaultType: ChartKind, across?: { cols: number[]; dim: string }): ChartPick[] {
  const numeric = cols.map((c, j) => ({ c, j })).filter(({ c, j }) => j > 0 && c.family !== undefined);
  if (!numeric.length) return [];
  // a total of other columns is not drawn beside them (it would flatten them)
  const isTotal = ({ c }: { c: ColumnSpec }) => /^total$/i.test(c.name) && !!c.formula;
  const families = (['money', 'count', 'number', 'percent'] as const)
    .map((f) => numeric.filter(({ c }) => c.family === f && !/^rank/i.test(c.name)))
    .map((g) => (g.some((x) => !isTotal(x)) ? g.filter((x) => !isTotal(x)) : g))
    // derived columns (Variance, Profit…) are drawn only when nothing else of their unit is
    .map((g) => (g.some(({ c }) => !c.formula) ? g.filter(({ c }) => !c.formula) : g))
    // counts of very different sizes (sessions in thousands, sign-ups in hundreds) are not drawn on one axis
    .map((g) => g.filter(({ c }) => scaleOf(c.name) === scaleOf(g[0]!.c.name)))
    .filter((g) => g.length);
  const out: ChartPick[] = [];
  const requests = facts.charts.length ? facts.charts : [{ series: [], plural: false }];
  requests.forEach((req, k) => {
    const type = (req.type ?? defaultType);
    if (req.series.length) {
      const named = req.series.map((s) => numeric.find(({ c }) => c.name.toLowerCase() === s.toLowerCase()) ?? numeric.find(({ c }) => c.name.toLowerCase().includes(s.toLowerCase()))).filter((x): x is { c: ColumnSpec; j: number } => !!x);
      if (named.length) {
        out.push({ type, series: type === 'pie' ? named.slice(0, 1) : named });
        return;
      }
    }
    // months down, regions across: a line runs over the months (one line per region); columns, bars
    // and pies compare the regions, on the totals row
    if (across && type !== 'line' && type !== 'area' && type !== 'scatter') {
      out.push({ type, series: [], across });
      return;
    }
    const groups = req.plural || facts.manyCharts ? families : [families[Math.min(k, families.length - 1)]!];
    for (const g of groups) out.push({ type, series: type === 'pie' ? g.slice(0, 1) : g.slice(0, 4) });
  });
  return out.slice(0, 4);
}

/** The workbook chart tool draws bar, column, line, pie and scatter: a doughnut is drawn as a pie, an area as a line. */
const WORKBOOK_CHART: Record<ChartKind, 'bar' | 'column' | 'line' | 'pie' | 'scatter'> = { bar: 'bar', column: 'column', line: 'line', pie: 'pie', scatter: 'scatter', doughnut: 'pie', area: 'line' };

function chartCall(sheet: string, id: string, pick: ChartPick, cols: ColumnSpec[], first: number, last: number, slot: number): PlannedCall {
  const anchorCol = cols.length + 2;
  const top = TITLE_HEADER_ROW + slot * 19;
  if (pick.across) {
    const a = numberToColumn(pick.across.cols[0]! + 1);
    const b = numberToColumn(pick.across.cols[pick.across.cols.length - 1]! + 1);
    return {
      toolName: 'add_chart',
      input: {
        sheet,
        id,
        type: WORKBOOK_CHART[pick.type],
        title: `Total by ${pick.across.dim}`,
        categories: `${a}${TITLE_HEADER_ROW}:${b}${TITLE_HEADER_ROW}`,
        series: [{ name: `A${last + 1}`, values: `${a}${last + 1}:${b}${last + 1}` }],
        anchor: `${numberToColumn(anchorCol)}${top}:${numberToColumn(anchorCol + 7)}${top + 17}`,
        legend: pick.type === 'pie' || pick.type === 'doughnut' ? 'right' : 'none',
      },
    };
  }
  const names = pick.series.map(({ c }) => c.name);
  const title = `${names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}` : names[0]} by ${cols[0]!.name.toLowerCase()}`;
  return {
    toolName: 'add_chart',
    input: {
      sheet,
      id,
      type: WORKBOOK_CHART[pick.type],
      title,
      categories: `A${first}:A${last}`,
      // a series is named by its header cell, so that renaming the column renames the series
      series: pick.series.map(({ j }) => ({ name: `${numberToColumn(j + 1)}${TITLE_HEADER_ROW}`, values: `${numberToColumn(j + 1)}${first}:${numberToColumn(j + 1)}${last}` })),
      anchor: `${numberToColumn(anchorCol)}${top}:${numberToColumn(anchorCol + 7)}${top + 17}`,
      legend: 'bottom',
    },
  };
}

function sampleContext(facts: PromptFacts, rows: number, columns: ColumnSpec[]): SampleContext {
  const from = facts.range?.from;
  const to = facts.range?.to;
  const k = columns[0]?.kind;
  return {
    rows,
    startYear: from?.year ?? 2025,
    startMonth: from?.month ?? 1,
    ...(to ? { endYear: to.year } : {}),
    // the months the prompt gave ("January 2026", "Q2 2026"): dates stay inside them; "daily" with no period: one month
    ...(from?.month !== undefined ? { endMonth: to?.month ?? 12 } : facts.dims.includes('day') && !facts.range ? { endMonth: from?.month ?? 1 } : {}),
    ...(facts.dims.includes('day') && k === 'date' ? { daily: true } : {}),
    ...(/\b(expenses?|receipts?|petty cash|reimburs\w*|expense report)\b/i.test(facts.text) ? { expense: true } : {}),
    ...(/\b(content|editorial|social media|posting|publishing)\s+(calendar|plan|schedule)\b/i.test(facts.text) ? { content: true } : {}),
    ...(facts.startDate ? { startYear: facts.startDate.year, startMonth: facts.startDate.month, startDay: facts.startDate.day } : {}),
    timeSeries: k === 'month' || k === 'quarter' || k === 'year' || k === 'date',
  };
}

/** Rows of a table whose first column is a date: a day each when daily, else about one every other day of the period the prompt gives (10–40). */
function datedRowCount(facts: PromptFacts, columns: ColumnSpec[]): number | undefined {
  if (columns[0]?.kind !== 'date') return undefined;
  const ctx = sampleContext(facts, 1, columns);
  if (ctx.daily) return Math.min(periodDays(ctx), 500);
  if (ctx.endMonth === undefined) return undefined;
  return Math.max(10, Math.min(40, Math.round(periodDays(ctx) / 2)));
}

/** The feature calls ("highlight …", "freeze …") on a blueprint's sheets, and the sentence that says what was done. */
function blueprintFeatures(facts: PromptFacts, sheets: FeatureSheet[], batches: PlannedBatch[]): string {
  if (!facts.features.length) return '';
  const f = featureCalls(facts.features, sheets, { keepHeaderFrozen: true });
  if (f.calls.length) batches.push(f.calls);
  const all = [...f.done, ...f.notDone];
  return all.length ? ` ${capitalize(all.join('; '))}.` : '';
}
const withNote = (summary: string, note: string) => (note ? summary.replace(/ \(offline model\)$/, `${note} (offline model)`) : summary);

function newWorkbookPlan(input: PlanInput): OfflinePlan {
  const facts = forFormat(parsePrompt(input.request), WORKBOOK_KINDS);
  const topic = topicOf(facts);
  const title = facts.title ?? (facts.kind === 'cap-table' ? 'Cap table' : /^(the requested topic|workbook|spreadsheet|sheet|file)$/i.test(topic) && facts.sheets.length ? facts.sheets.join(', ') : titleCase(topic));
  const files = attachmentIds(input.attachments, 'file').filter((f) => /csv|xlsx/.test(f.detail));
  const batches: PlannedBatch[] = [];
  const notes: string[] = [];
  // uploaded data: copy the file's sheets instead of inventing numbers
  if (files.length) {
    for (const f of files) batches.push([{ toolName: 'import_file_sheets', input: { fileId: f.id } }]);
    const held = files.map((f) => {
      const line = input.attachments[input.attachments.findIndex((l) => l.startsWith(`file ${f.id}:`)) + 1];
      const holds = line?.startsWith('  holds: ') ? ` (${line.slice(9)})` : '';
      return `"${f.name}"${holds}`;
    });
    return { batches, summary: `Imported ${held.join(', ')} into the workbook, keeping everything it holds (offline model).` };
  }
  const yearCount = facts.tree.nodes.find((n) => n.type === 'count' && n.of === 'year');
  const startYear = facts.range?.from.year ?? 2025;
  if (facts.kind === 'three-statement' && !facts.columns.length) {
    const names = facts.sheets.length === 3 ? (facts.sheets.map(sheetNameOf) as [string, string, string]) : undefined;
    const years = yearCount && yearCount.type === 'count' ? yearCount.n : facts.range ? facts.range.to.year - facts.range.from.year + 1 : 3;
    const m = threeStatementModel({ title: facts.title ?? 'Financial model', years, startYear, seed: facts.text, ...(names ? { names } : {}) });
    batches.push(...m.batches);
    const n = Math.min(Math.max(years, 1), 10);
    const note = blueprintFeatures(facts, m.sheets.map((name, k) => ({ name, headers: ['Line item', ...(k === 1 ? ['Opening'] : []), ...Array.from({ length: n }, (_, y) => `FY${startYear + y}`)], headerRow: 3, firstCol: 1, firstData: 4, lastData: [14, 15, 16][k]! })), batches);
    return {
      batches,
      summary: withNote(`Built a 3-statement model (${m.sheets.join(', ')}) over ${Math.min(Math.max(years, 1), 10)} years: the cash flow starts from the income statement's net income, the balance sheet takes its cash from the cash flow and its retained earnings from net income, and a check row shows it balances. Revenue, costs and opening balances are sample data invented by the offline model (marked in each sheet). (offline model)`, note),
    };
  }
  if (facts.kind === 'loan' && !facts.columns.length) {
    // the amount borrowed: the first sum of money ("$250,000", "250k", "£1.2m"), else the first number of four digits or more
    const amounts = amountsIn(facts.text);
    const principal = (amounts.find((a) => a.money) ?? amounts.find((a) => a.value >= 1000))?.value ?? 250_000;
    const rate = /(\d+(?:\.\d+)?)\s*%/.exec(facts.text);
    const yrs = /(\d{1,2})[- ]?(?:years?|yr)\b/i.exec(facts.text);
    const name = sheetNameOf(facts.sheets[0] ?? 'Amortization');
    const term = yrs ? Number(yrs[1]) : 25;
    batches.push(loanSchedule({ title: facts.title ?? 'Loan amortization schedule', name, principal, ratePct: rate ? Number(rate[1]) : 5, years: term }));
    const note = blueprintFeatures(facts, [{ name, headers: ['Period', 'Opening balance', 'Payment', 'Interest', 'Principal', 'Closing balance'], headerRow: 10, firstCol: 1, firstData: 11, lastData: 10 + Math.max(1, Math.min(term * 12, 480)) }], batches);
    return { batches, summary: withNote(`Built a loan amortization schedule on sheet "${name}": inputs (amount, rate, term), the payment by PMT and one row per month with interest, principal and balance formulas. The loan terms not given in the prompt are sample data (marked). (offline model)`, note) };
  }
  if (facts.kind === 'invoice' && !facts.columns.length) {
    const name = sheetNameOf(facts.sheets[0] ?? 'Invoice');
    // the customer and the lines the prompt gives ("for Acme Corp: 3 consulting days at $1,200 per day")
    const details = invoiceDetails(facts.text);
    const lines = Math.min(details.lines.length || (facts.rows ?? 5), 50);
    batches.push(invoiceSheet({ title: facts.title ?? (details.customer ? `Invoice — ${details.customer}` : 'Invoice'), name, lines, seed: facts.text, details }));
    const note = blueprintFeatures(facts, [{ name, headers: ['Description', 'Quantity', 'Unit price', 'Amount'], headerRow: 9, firstCol: 1, firstData: 10, lastData: 9 + Math.max(1, lines) }], batches);
    const unpriced = details.lines.filter((l) => l.unitPrice === undefined).length;
    const told = details.lines.length
      ? `the ${lines} line item${lines > 1 ? 's' : ''} the prompt gives (${details.lines.map((l) => l.description).join(', ')})${details.customer ? ` billed to ${details.customer}` : ''}, quantity × unit price, subtotal, tax and total formulas. ${unpriced ? `${unpriced} line${unpriced > 1 ? 's have' : ' has'} no price in the prompt: a sample price, marked. ` : ''}The seller, address and tax rate are sample data (marked).`
      : `${lines} line items (quantity × unit price), subtotal, tax and total formulas.${details.customer ? ` Billed to ${details.customer}.` : ''} Items and prices are sample data (marked).`;
    return { batches, summary: withNote(`Built an invoice on sheet "${name}" with ${told} (offline model)`, note) };
  }

  if (facts.kind === 'savings' && !facts.columns.length) {
    const given = savingsInputs(facts.text);
    const start = given.start ?? 0;
    const term = durationMonths(facts.text);
    // "save £20,000 in 2 years": the monthly contribution that gets there (before interest)
    const monthly = given.monthly ?? (given.goal && term ? Math.ceil(Math.max(0, given.goal - start) / term) : 500);
    const rate = ratePct(facts.text) ?? 3;
    const range = facts.range;
    const rangeMonths = range?.from.month !== undefined && range.to.month !== undefined ? (range.to.year - range.from.year) * 12 + range.to.month - range.from.month + 1 : undefined;
    // "for 3 years", "over 18 months"; else until the contributions reach the goal; else two years
    const months = Math.max(1, Math.min(term ?? (rangeMonths && rangeMonths > 1 ? rangeMonths : undefined) ?? (given.goal ? Math.ceil(Math.max(0, given.goal - start) / Math.max(1, monthly)) : 24), 600));
    const name = sheetNameOf(facts.sheets[0] ?? 'Savings plan');
    const ct = facts.chartType ? WORKBOOK_CHART[facts.chartType] : undefined;
    // the subject names the plan ("Holiday Savings Plan"), unless it is a question or holds the amounts
    const m = savingsPlan({ title: facts.title ?? (/\bsav/i.test(topic) && !/[\d$€£]|\b(how|what|if|will)\b/i.test(topic) ? titleCase(topic) : 'Savings Plan'), name, start, monthly, ratePct: rate, months, ...(given.goal ? { goal: given.goal } : {}), startYear: facts.startDate?.year ?? range?.from.year ?? 2025, startMonth: facts.startDate?.month ?? range?.from.month ?? 1, ...(ct === 'column' || ct === 'bar' ? { chartType: ct } : {}) });
    batches.push(m.calls);
    const note = blueprintFeatures(facts, [{ name, headers: m.headers, headerRow: SAVINGS_HEADER_ROW, firstCol: 1, firstData: m.first, lastData: m.last }], batches);
    const unstated = [given.monthly === undefined && !(given.goal && term) ? 'the monthly contribution' : '', ratePct(facts.text) === undefined ? 'the interest rate' : ''].filter(Boolean);
    return {
      batches,
      summary: withNote(`Built a savings plan on sheet "${name}" over ${months} months: inputs (starting balance ${start.toLocaleString('en-US')}, ${monthly.toLocaleString('en-US')} a month, ${rate}% a year${given.goal ? `, goal ${given.goal.toLocaleString('en-US')}` : ''}), one row per month with the opening balance (the last month's closing), the contribution, the interest on the opening balance (rate ÷ 12) and the closing balance as formulas${given.goal ? ', the progress towards the goal as a %' : ''}, totals of contributions and interest, and a ${ct === 'column' || ct === 'bar' ? ct : 'line'} chart of the balance. ${unstated.length ? `${capitalize(unstated.join(' and '))} ${unstated.length > 1 ? 'are' : 'is a'} sample value${unstated.length > 1 ? 's' : ''} (marked); replace ${unstated.length > 1 ? 'them' : 'it'} with yours.` : 'The inputs are the ones the prompt gave.'} (offline model)`, note),
    };
  }
  if (facts.kind === 'attendance' && !facts.columns.length) {
    const t = facts.text;
    const counted = facts.tree.nodes.find((n) => n.type === 'count' && n.of === 'row');
    const classOf = /\b(?:class|group|team) of (\d{1,3})\b/i.exec(t);
    // "25 students", "15 participants", "a class of 30"
    const listed = /\b(\d{1,3})\s+(?:[a-z-]+\s+)?(?:students|pupils|participants|attendees|employees|members|people|staff|volunteers|players|children|kids|trainees|delegates|learners|workers|guests)\b/i.exec(t);
    const people = Math.max(1, Math.min((counted?.type === 'count' ? counted.n : undefined) ?? (listed ? Number(listed[1]) : classOf ? Number(classOf[1]) : 10), 200));
    const label = /\b(students?|pupils?|class|school|lessons?|course|tutor)\b/i.test(t) ? 'Student' : /\b(employees?|staff|team|workers?|office|shifts?)\b/i.test(t) ? 'Employee' : /\b(participants?|attendees?|workshop|training|event|trainees?)\b/i.test(t) ? 'Participant' : /\b(members?|volunteers?|club|choir|players?)\b/i.test(t) ? 'Member' : 'Name';
    const days = attendanceDays(facts);
    const name = sheetNameOf(facts.sheets[0] ?? 'Attendance');
    const m = attendanceSheet({ title: facts.title ?? titleCase(sheetTopic(facts, topic)), name, label, people: personNames(people), days, seed: facts.text });
    batches.push(m.calls);
    const note = blueprintFeatures(facts, [{ name, headers: m.headers, headerRow: 3, firstCol: 1, firstData: m.first, lastData: m.last }], batches);
    return {
      batches,
      summary: withNote(`Built an attendance register on sheet "${name}": ${people} ${label.toLowerCase()}s by ${days.length} ${/^Session|^Lesson|^Week/.test(days[0]!) ? days[0]!.split(' ')[0]!.toLowerCase() + 's' : 'days'} (${days[0]} – ${days[days.length - 1]}) marked P or A (a dropdown; absences highlighted), Present and Absent counted with COUNTIF, Attendance % = present ÷ marked, and a Total row of who was there each ${/^(Session|Lesson|Week|Class|Meeting|Shift)/.test(days[0]!) ? days[0]!.split(' ')[0]!.toLowerCase() : 'day'}. The marks and names are sample data (marked). (offline model)`, note),
    };
  }
  if (facts.kind === 'balance-sheet' && !facts.columns.length) {
    const name = sheetNameOf(facts.sheets[0] ?? 'Balance Sheet');
    const dates = balanceDates(facts);
    // the date goes in the column headers, not in the title
    const m = balanceSheet({ title: facts.title ?? titleCase(sheetTopic(facts, topic).replace(/\s+(?:at|as of|as at|on|dated|comparing|compared with|vs\.?|versus|between)\s+(?=.*(?:\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|year)).*$|\s+(?:for|over)\s+(?:the\s+)?(?:(?:last|past|next)\s+)?(?:years?\s+|fy\s?)?\d.*$|\s+\d{4}(?:[–-]\d{2,4})?$|\s+(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b[\s\d,]*$/i, '')), name, dates, seed: facts.text });
    batches.push(m.calls);
    const note = blueprintFeatures(facts, [{ name, headers: m.headers, headerRow: 3, firstCol: 1, firstData: 4, lastData: m.checkRow }], batches);
    return {
      batches,
      summary: withNote(`Built a balance sheet on sheet "${name}" at ${dates.join(' and ')}: current and non-current assets, current and non-current liabilities and equity, every subtotal and total a formula, and a check row (total assets − total liabilities & equity) that shows 0 when it balances. The amounts are sample data invented by the offline model (marked). (offline model)`, note),
    };
  }
  if (facts.kind === 'funnel' && !facts.columns.length) {
    const kind = FUNNELS.find(([re]) => re.test(facts.text))![1];
    const listed = /\bstages?\s*(?::|named|called|such as|like)\s*([^.;()]+)/i.exec(facts.text);
    const given = listed ? splitList(listed[1]!.replace(/\s+(?:with|and a|plus)\s+.*$/i, '')).filter((x) => x.split(' ').length <= 4) : [];
    let stages = given.length >= 2 ? given.map(capitalize) : kind.stages;
    const n = /\b(\d|three|four|five|six|seven|eight)[- ]stages?\b/i.exec(facts.text);
    const want = n ? toNumber(n[1]!.toLowerCase()) : undefined;
    // "a 4-stage funnel": the widest stages and the last one
    if (!given.length && want && want >= 2 && want < stages.length) stages = [...stages.slice(0, want - 1), stages[stages.length - 1]!];
    const name = sheetNameOf(facts.sheets[0] ?? 'Funnel');
    // columns left to right read as a funnel narrowing (a bar chart would draw the first stage at the bottom)
    const type = facts.chartType ? WORKBOOK_CHART[facts.chartType] : 'column';
    const m = funnelSheet({ title: facts.title ?? titleCase(topic), name, stages, top: kind.top, count: kind.count, seed: facts.text, chartType: type });
    batches.push(m.calls);
    const note = blueprintFeatures(facts, [{ name, headers: m.headers, headerRow: 3, firstCol: 1, firstData: m.first, lastData: m.last }], batches);
    return {
      batches,
      summary: withNote(`Built a funnel on sheet "${name}": ${stages.length} stages (${stages.join(' → ')}), each narrower than the one before, with the conversion from the previous stage and from the top (ratios shown as %), the drop-off, and a ${type} chart of the stages. The counts are sample data invented by the offline model (marked). (offline model)`, note),
    };
  }

  if (facts.kind === 'okr' && !facts.columns.length && !facts.implicit.length) {
    const name = sheetNameOf(facts.sheets[0] ?? 'OKRs');
    const m = okrSheet({ title: facts.title ?? titleCase(topic), name, seed: facts.text });
    batches.push(m.calls);
    return { batches, summary: `Built OKRs on sheet "${name}": 4 objectives with 3 key results each (owner, target, current), progress % (current ÷ target, capped at 100%) and status as formulas, an average progress per objective and overall, and progress under 40% highlighted. Targets and current values are sample data (marked). (offline model)` };
  }
  if (facts.kind === 'kpi' && !facts.columns.length) {
    // the KPIs the prompt names (in its order), else a set for what the dashboard is about
    const named = KNOWN_KPIS.map(([re, name]) => ({ name, at: re.exec(facts.text)?.index ?? -1 })).filter((k) => k.at >= 0).sort((a, b) => a.at - b.at).map((k) => k.name);
    const kpis = facts.implicit.length >= 2 ? facts.implicit.map(capitalize) : named.length >= 2 ? named : /\b(saas|subscriptions?|software|app)\b/i.test(facts.text) ? ['MRR', 'New customers', 'Churn rate', 'CAC', 'Active users'] : /\b(marketing|website|web|traffic|seo)\b/i.test(facts.text) ? ['Website visits', 'Leads', 'Conversion rate', 'Marketing spend', 'CAC'] : /\b(support|service desk|helpdesk|customer service)\b/i.test(facts.text) ? ['Tickets solved', 'First response time (h)', 'CSAT', 'Backlog', 'NPS'] : /\bsales\b/i.test(facts.text) ? ['Revenue', 'Orders', 'Units sold', 'New customers', 'Conversion rate'] : ['Revenue', 'New customers', 'Active users', 'Orders', 'Churn rate'];
    const range = facts.range;
    const months = range && range.from.year !== range.to.year || range?.from.month ? Math.max(2, (range.to.year - range.from.year) * 12 + (range.to.month ?? 12) - (range.from.month ?? 1) + 1) : facts.rows ?? 12;
    const names = facts.sheets.length === 2 ? (facts.sheets.map(sheetNameOf) as [string, string]) : undefined;
    const m = kpiDashboard({
      title: facts.title ?? (/dashboard/i.test(topic) ? titleCase(topic) : `${titleCase(topic)} Dashboard`),
      kpis,
      months,
      startYear,
      startMonth: range?.from.month ?? 1,
      seed: facts.text,
      chartType: WORKBOOK_CHART[facts.chartType ?? 'line'],
      charts: facts.chartCount ?? (facts.manyCharts ? kpis.length : 1),
      ...(names ? { names } : {}),
    });
    batches.push(...m.batches);
    const note = blueprintFeatures(facts, [{ name: m.sheets[1], headers: ['Month', ...m.kpis], headerRow: 3, firstCol: 1, firstData: 4, lastData: 3 + Math.max(2, Math.min(months, 36)) }], batches);
    return {
      batches,
      summary: withNote(`Built a KPI dashboard: sheet "${m.sheets[0]}" has one tile per KPI (${m.kpis.join(', ')}) with its value, target, variance, variance % and status, every value a formula over the monthly figures on sheet "${m.sheets[1]}" (totals for flows, the latest month for levels and rates), and ${m.charts > 1 ? `${m.charts} charts (${m.kpis.slice(0, m.charts).join(', ')} by month)` : `a chart of ${m.kpis[0]} by month`}. The monthly figures and the targets are sample data invented by the offline model (marked); replace them with real figures. (offline model)`, note),
    };
  }

  let names = facts.sheets.map(sheetNameOf);
  if (!names.length && facts.sheetCount && facts.sheetCount > 1) names = Array.from({ length: Math.min(facts.sheetCount, 20) }, (_, i) => `Sheet ${i + 1}`);
  // a list of customers, students…: the sheet is named after them (not after the revenue column that made it look like sales)
  const entity = facts.implicit.length ? entityOf(facts) : undefined;
  if (!names.length && entity && (!facts.kind || facts.kind === 'sales')) names = [entity.sheet];
  // "bug tracker": the sheet holds bugs
  const tracked = !facts.title && /\btracker\b/i.test(topic) ? topic.replace(/\b(workbook|spreadsheet|excel|tracker|file)\b/gi, '').trim() : '';
  if (!names.length && /^[a-z]+$/i.test(tracked) && !/s$/i.test(tracked) && !(facts.kind && SHEET_NAMES[facts.kind])) names = [capitalize(`${tracked}s`)];
  if (!names.length) names = [sheetNameOf(facts.kind && SHEET_NAMES[facts.kind] ? SHEET_NAMES[facts.kind]! : titleCase(facts.title ?? (topic.replace(/\b(workbook|spreadsheet|excel|tracker|file)\b/gi, '').trim() || title)))];
  names = [...new Map(names.map((n) => [n.toLowerCase(), n])).values()];
  const colNames = withMeasures(facts.columns.length ? withRowLabel(facts.columns, facts) : implicitColumns(facts) ?? defaultColumns(facts), facts);
  // "a dropdown for Status with Open/Closed": the column is there, its sample values are the choices
  const choices: Record<string, Array<string | number>> = {};
  // "with a 5% commission rate": the rate the prompt gives fills its column
  const givenRate = /(\d+(?:\.\d+)?)\s*%\s*(?:commission|tax|discount|vat)?\s*rate|(?:commission|tax|discount|vat)\s+(?:rate\s+)?(?:of\s+)?(\d+(?:\.\d+)?)\s*%/i.exec(facts.text);
  const rateCol = colNames.findIndex((n) => /rate$/i.test(n) && /commission|tax|discount|vat/i.test(n));
  if (givenRate && rateCol >= 0) choices[colNames[rateCol]!.toLowerCase()] = [Number(givenRate[1] ?? givenRate[2]) / 100];
  for (const f of facts.features) {
    if (f.kind !== 'dropdown') continue;
    const j = findColumn(colNames, f.column);
    if (j < 0) colNames.push(capitalize(f.column));
    choices[(j >= 0 ? colNames[j]! : capitalize(f.column)).toLowerCase()] = f.values;
  }
  const columns = specs(colNames);
  const firstKind = columns[0]?.kind;
  const years = facts.range ? facts.range.to.year - facts.range.from.year + 1 : 1;
  const defaultRows = datedRowCount(facts, columns) ?? (firstKind === 'month' ? (facts.range ? Math.max(1, (facts.range.to.year - facts.range.from.year) * 12 + (facts.range.to.month ?? 12) - (facts.range.from.month ?? 1) + 1) : 12) : firstKind === 'quarter' ? 4 * years : firstKind === 'year' ? (facts.range && years > 1 ? years : 5) : /^week/i.test(columns[0]?.name ?? '') && facts.range?.from.month !== undefined ? Math.max(1, Math.round(periodDays(sampleContext(facts, 1, columns)) / 7)) : facts.kind === 'budget' ? 8 : 10);
  // "by region": one row per region (a region listed twice would be counted twice in a chart)
  const firstLabels = facts.kind === 'budget' && /categor|item|line/i.test(columns[0]?.name ?? '') ? (BUDGET_CONTEXTS.find(([re]) => re.test(facts.text))?.[1] ?? BUDGET_CATEGORIES) : !facts.columns.length && facts.kind ? FIRST_LABELS[facts.kind] : undefined;
  const members = columns[0]?.kind === 'label' && !firstLabels ? dimensionMembers(columns[0].name) : undefined;
  // rows are counted in rows ("20 rows", "25 customers"); a count of periods ("by quarter", "twelve months") counts rows only when the rows are periods
  const rowCount = facts.tree.nodes.some((n) => n.type === 'count' && n.of === 'row') || !(columns[0]?.kind === 'label' && !/^(week|period)/i.test(columns[0].name)) ? facts.rows : undefined;
  const rows = Math.max(1, Math.min(rowCount ?? (members ? members.length : facts.kind === 'cap-table' && !facts.columns.length ? 5 : defaultRows), 500));
  let sample = false;
  let chartCount = 0;
  const built_: FeatureSheet[] = [];
  const ownColumns = (name: string) => {
    if (facts.columns.length || implicitColumns(facts) || facts.kind || churnColumns(facts)) return undefined;
    const own = SHEET_COLUMNS.find(([re]) => re.test(name))?.[1];
    return own ? specs(withMeasures(own, facts)) : undefined;
  };
  names.forEach((name, i) => {
    const sheetCols = ownColumns(name) ?? columns;
    const sheetTitle = names.length > 1 && !title.toLowerCase().includes(name.toLowerCase()) ? `${title} — ${name}` : names.length > 1 ? name : title;
    const built = buildSheet({ name, title: sheetTitle, columns: sheetCols, rows, seed: `${facts.text}|${name}`, table: facts.wantsTable, ctx: sampleContext(facts, rows, sheetCols), ...(firstLabels ? { firstLabels } : {}), choices, average: facts.measures.includes('average') });
    sample ||= built.sample;
    batches.push(built.calls);
    built_.push({ name, headers: sheetCols.map((c) => c.name), headerRow: TITLE_HEADER_ROW, firstCol: 1, firstData: TITLE_HEADER_ROW + 1, lastData: built.lastDataRow });
    // a sales report by period and region is read from its chart: one comes with it
    const wantsChart = facts.wantsChart || (facts.kind === 'sales' && /\b(report|dashboard)\b/i.test(facts.text) && !!acrossLayout(facts, sheetCols));
    if (wantsChart && (i === 0 || names.length <= 3)) {
      const defaultType: ChartKind = sheetCols[0]?.kind === 'month' || sheetCols[0]?.kind === 'date' ? 'line' : 'column';
      const picks = pickCharts(facts, sheetCols, defaultType, built.hasTotals ? acrossLayout(facts, sheetCols) : undefined);
      const calls = picks.map((p, k) => chartCall(name, `chart_${++chartCount}`, p, sheetCols, TITLE_HEADER_ROW + 1, built.lastDataRow, k));
      if (calls.length) batches.push(calls);
    }
  });
  // the columns as built (a sheet named "Orders" has its own)
  const builtCols = built_[0]?.headers ?? colNames;
  notes.push(`Built ${names.length} sheet${names.length > 1 ? 's' : ''} (${names.join(', ')}) with columns ${builtCols.join(', ')}${built_.some((b) => b.headers.join() !== builtCols.join()) ? ' (or their own)' : ''} and ${rows} rows each`);
  const formulaCols = columns.filter((c) => c.formula).map((c) => c.name);
  if (formulaCols.length) notes.push(`${formulaCols.join(', ')} ${formulaCols.length > 1 ? 'are formulas' : 'is a formula'}`);
  if (chartCount) notes.push(`added ${chartCount} chart${chartCount > 1 ? 's' : ''}`);
  if (facts.wantsTable) notes.push(`defined ${names.length > 1 ? 'an Excel table on each sheet' : 'the data as an Excel table'}`);
  if (facts.features.length) {
    const f = featureCalls(facts.features, built_, { keepHeaderFrozen: true });
    if (f.calls.length) batches.push(f.calls);
    notes.push(...f.done, ...f.notDone);
  }
  const summary = `${notes.join('; ')}. ${sample ? 'The numbers are sample data invented by the offline model (marked in each sheet); replace them with real figures.' : ''} (offline model)`.replace(/\s+/g, ' ');
  return { batches, summary };
}

/** Edits the offline model understands on resume. */
function resumePlan(input: PlanInput, index: WorkbookIndex): OfflinePlan {
  const batches: PlannedBatch[] = [];
  // what was done: known now, or (structural edits) computed from what their reads found
  const done: Array<string | ((byTurn: PriorResults[]) => string | undefined)> = [];
  const refused: Array<(byTurn: PriorResults[]) => string | undefined> = [];
  const addedRows = new Map<string, number>();
  const sheets = index.sheets.map((s) => s.name);
  const findSheet = (name: string | undefined) => (name ? index.sheets.find((s) => s.name.toLowerCase() === cleanName(name).toLowerCase()) : undefined) ?? index.sheets[0];
  let sample = false;
  // rows of a document the user brought (an upload or an edited file) are real: never fill them with invented values
  const realRows = !input.memory?.sampleData;
  const pending = new Map<string, string[]>();
  const unknown: string[] = [];
  const aligned = (s: WorkbookIndex['sheets'][number]) => !!s.usedRange && parseRange(s.usedRange).from.col === 1 && s.headers.length === parseRange(s.usedRange).to.col;
  const withHeader = (name: string) => index.sheets.find((x) => x.headers.some((h) => h.toLowerCase() === cleanName(name).toLowerCase()));
  const onSheet = (name: string | undefined) => (name ? index.sheets.find((x) => x.name.toLowerCase() === cleanName(name).toLowerCase()) : undefined);
  const structural = (edit: PlannedEdit) => {
    batches.push(...edit.batches);
    done.push((bt) => edit.outcome(bt).done);
    refused.push((bt) => edit.outcome(bt).refused);
  };
  // sheets are renamed last: the other edits of the request name the sheets as they are now
  const renames: PlannedCall[] = [];
  const features: Array<{ feature: Feature; sheet?: string }> = [];
  // a new column with a dropdown ("add a Status column with a dropdown … Open/Closed"): its sample values are the choices
  const choices = (column: string) => features.map((f) => f.feature).find((f): f is Extract<Feature, { kind: 'dropdown' }> => f.kind === 'dropdown' && f.column.toLowerCase() === column.toLowerCase())?.values;
  for (const whole of clauses(input.request)) {
    let m: RegExpExecArray | null;
    // "could you add …?": a question mark ends the clause like a full stop
    let clause = whole.replace(/\s*\?+$/, '');
    // feature phrases ("highlight values over 1000 in red", "freeze the header row") are done after the
    // structural edits, on the columns as they then are; the rest of the clause is read as usual
    const fp = featurePhrases(clause);
    if (fp.features.length) {
      const on = /\b(?:on|in|to)\s+(?:the\s+)?(?:sheet|tab)\s+["“]?([^"”]+?)["”]?(?=$|\s+(?:and|with)\b)|\b(?:on|in|to)\s+(?:the\s+)?["“]?([^"”]+?)["”]?\s+(?:sheet|tab)\b/i.exec(clause);
      const sheet = on ? onSheet(on[1] ?? on[2])?.name : undefined;
      features.push(...fp.features.map((f) => ({ feature: f.feature, ...(sheet ? { sheet } : {}) })));
      clause = fp.rest.replace(/\s*\.\s*/g, ' ').replace(/\b(?:on|in|to)\s+(?:the\s+)?(?:sheet|tab)\s+\S+.*$/i, '').replace(/^\s*(?:and|with|also|then|please|,)\s*|\s*(?:and|with|,)\s*$/gi, '').trim();
      if (!/[a-z]{3,}/i.test(clause) || /^(add|and|also|then|please|the|a|an)$/i.test(clause)) continue;
    }
    // "add 3 rows", "add 2 more months to Sales": rows appended to the data, formulas and totals following
    if ((m = /\b(?:add|insert|append)\s+(\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty)\s+(?:more\s+|new\s+|extra\s+|additional\s+|blank\s+|empty\s+)?(?:data\s+)?(rows?|lines?|entries|entry|records?|items?|months?|quarters?|years?|weeks?|products?|employees?|customers?|tasks?|orders?|skus?|deals?|categories|category)\b(?:\s+(?:to|on|in|at the (?:end|bottom) of)\s+(?:the\s+)?(?:sheet\s+|tab\s+)?["“]?(.+?)["”]?(?:\s+(?:sheet|tab|table))?)?$/i.exec(clause))) {
      const n = Math.min(/^an?$/i.test(m[1]!) ? 1 : toNumber(m[1]) ?? 1, 500);
      const s = onSheet(m[3]) ?? (m[3] ? undefined : index.sheets.find((x) => x.headers.length >= 1 && x.usedRange));
      if (s?.usedRange) {
        structural(planAddRows({ s, others: index.sheets.filter((x) => x !== s && x.usedRange), n, realRows, seed: `${clause}|${s.name}`, firstBatch: batches.length, extraRows: addedRows.get(s.name) ?? 0 }));
        addedRows.set(s.name, (addedRows.get(s.name) ?? 0) + n);
        continue;
      }
    }
    // "delete the Units column", "remove column Cost"
    if ((m = /\b(?:delete|remove|drop)\s+(?:the\s+)?(?:column\s+["“]?(.+?)["”]?|["“]?(.+?)["”]?\s+column)(?:\s+(?:from|on|in)\s+(?:the\s+)?(?:sheet\s+|tab\s+)?["“]?(.+?)["”]?(?:\s+(?:sheet|tab))?)?$/i.exec(clause))) {
      const column = cleanName(m[1] ?? m[2]!);
      const s = onSheet(m[3]) ?? withHeader(column);
      if (s?.usedRange) {
        structural(planColumnEdit({ s, others: index.sheets.filter((x) => x !== s && x.usedRange), sheets: index.sheets, column, op: { kind: 'delete' }, realRows, firstBatch: batches.length, extraRows: addedRows.get(s.name) ?? 0 }));
        continue;
      }
    }
    // "move the Total column after Month", "move column Revenue to the end", "move Units to column 2"
    if ((m = /\b(?:move|put|place|shift)\s+(?:the\s+)?(?:column\s+["“]?(.+?)["”]?|["“]?(.+?)["”]?(?:\s+column)?)\s+(?:(before|after)\s+(?:the\s+)?(?:column\s+)?["“]?(.+?)["”]?(?:\s+column)?|to\s+(?:the\s+)?(end|front|start|beginning|first|last|left|right)(?:\s+(?:position|column))?|to\s+(?:position|column)\s+(\d+))(?:\s+(?:on|in)\s+(?:the\s+)?(?:sheet\s+|tab\s+)?["“]?(.+?)["”]?(?:\s+(?:sheet|tab))?)?$/i.exec(clause))) {
      const column = cleanName(m[1] ?? m[2]!);
      const s = onSheet(m[7]) ?? withHeader(column);
      if (s?.usedRange) {
        const where = m[5]?.toLowerCase();
        const op = m[3] ? { kind: 'move' as const, [m[3].toLowerCase()]: cleanName(m[4]!) } : { kind: 'move' as const, position: where ? (/^(front|start|beginning|first|left)$/.test(where) ? ('first' as const) : ('last' as const)) : Number(m[6]) };
        structural(planColumnEdit({ s, others: index.sheets.filter((x) => x !== s && x.usedRange), sheets: index.sheets, column, op, realRows, firstBatch: batches.length, extraRows: addedRows.get(s.name) ?? 0 }));
        continue;
      }
    }
    // rename a column: its header cell ("rename X to Y" too, when no sheet is named X)
    if (
      (m =
        /\brename\s+(?:the\s+)?(?:column|header|field)\s+["“]?(.+?)["”]?\s+to\s+["“]?([^"”]+?)["”]?$/i.exec(clause) ??
        /\brename\s+(?:the\s+)?["“]?(.+?)["”]?\s+(?:column|header|field)\s+to\s+["“]?([^"”]+?)["”]?$/i.exec(clause) ??
        /\brename\s+(?:the\s+)?["“]?(.+?)["”]?\s+to\s+["“]?([^"”]+?)["”]?$/i.exec(clause)) &&
      !onSheet(m[1]) &&
      withHeader(m[1]!)
    ) {
      const from = cleanName(m[1]!).toLowerCase();
      const s = index.sheets.find((x) => x.headers.some((h) => h.toLowerCase() === from));
      if (s?.usedRange) {
        const r = parseRange(s.usedRange);
        const j = s.headers.findIndex((h) => h.toLowerCase() === from);
        const to = m[2]!.trim();
        batches.push([{ toolName: 'write_range', input: { sheet: s.name, start: `${numberToColumn(r.from.col + j)}${s.headerRow ?? r.from.row}`, rows: [[to]] } }]);
        done.push(`renamed column "${s.headers[j]}" on "${s.name}" to "${to}"`);
        if (index.sheets.some((x) => x.charts.length)) structural(renameInChartTitles(s.headers[j]!, to, batches.length));
        continue;
      }
    }
    // "rename the sheet to Pipeline": the only sheet (or the first)
    if ((m = /\brename\s+the\s+(?:only\s+|first\s+)?(?:sheet|tab)\s+to\s+["“]?([^"”]+?)["”]?$/i.exec(clause)) && index.sheets[0] && !onSheet('sheet')) {
      const s = index.sheets[0];
      const to = sheetNameOf(cleanName(m[1]!));
      renames.push({ toolName: 'rename_sheet', input: { sheet: s.name, newName: to } });
      done.push(`renamed sheet "${s.name}" to "${to}"`);
      continue;
    }
    if ((m = /\brename\s+(?:the\s+)?(?:sheet|tab)?\s*["“]?(.+?)["”]?\s+(?:sheet\s+|tab\s+)?to\s+["“]?([^"”]+?)["”]?$/i.exec(clause))) {
      const s = findSheet(m[1]);
      if (s && s.name.toLowerCase() === cleanName(m[1]!).toLowerCase()) {
        const to = sheetNameOf(cleanName(m[2]!));
        renames.push({ toolName: 'rename_sheet', input: { sheet: s.name, newName: to } });
        done.push(`renamed sheet "${s.name}" to "${to}"`);
        continue;
      }
    }
    if ((m = /\b(?:delete|remove)\s+(?:the\s+)?(?:sheet|tab)\s+["“]?([^"”]+?)["”]?$/i.exec(clause) ?? /\b(?:delete|remove)\s+(?:the\s+)?["“]?([^"”]+?)["”]?(?:\s+(?:sheet|tab))?$/i.exec(clause))) {
      const s = findSheet(m[1]);
      if (s && s.name.toLowerCase() === cleanName(m[1]!).toLowerCase()) {
        batches.push([{ toolName: 'delete_sheet', input: { sheet: s.name } }]);
        done.push(`deleted sheet "${s.name}"`);
        continue;
      }
    }
    const addSheet =
      /\badd\s+(?:a\s+|an\s+|another\s+)?(?:new\s+)?(?:sheet|tab)\s*(?:named|called|titled|for)?\s*["“]?([^"”]+?)["”]?(?=\s+(?:with|containing|that)\b|$)/i.exec(clause) ??
      /\badd\s+(?:a\s+|an\s+|another\s+)?(?:new\s+)?([\w][\w\s-]*?)\s+(?:sheet|tab)\b(?:\s+for\s+([^,]+?))?(?=\s+(?:with|containing|that)\b|$)/i.exec(clause);
    if (addSheet) {
      const facts = parsePrompt(clause);
      const name = sheetNameOf(titleCase(cleanName([addSheet[1], addSheet[2]].filter(Boolean).join(' '))));
      // "add a sheet called Notes": a sheet for text, left empty (its title only); no copied table, no invented rows
      if (!facts.columns.length && NOTES_SHEET.test(name)) {
        batches.push([
          { toolName: 'add_sheet', input: { name } },
          { toolName: 'write_range', input: { sheet: name, start: 'A1', rows: [[name]] } },
          { toolName: 'format_range', input: { sheet: name, range: 'A1', style: { bold: true, fontSize: 14 } } },
        ]);
        done.push(`added sheet "${name}" (empty, for text)`);
        continue;
      }
      const colNames = facts.columns.length ? facts.columns : index.sheets[0]?.headers.length ? index.sheets[0].headers : defaultColumns(parsePrompt(`${clause} ${name}`));
      const columns = specs(colNames);
      const rows = Math.max(1, Math.min(facts.rows ?? (columns[0]?.kind === 'month' ? 12 : 10), 500));
      const built = buildSheet({ name, title: name, columns, rows, seed: `${clause}|${name}`, table: facts.wantsTable, ctx: sampleContext(facts, rows, columns) });
      sample ||= built.sample;
      batches.push(built.calls);
      done.push(`added sheet "${name}" (${colNames.join(', ')}, ${rows} rows)`);
      continue;
    }
    // "add a row Total", "add a totals row", "add totals at the bottom": one row under the data, a SUM per amount column
    if ((m = /\b(?:add|insert|append)\s+(?:a\s+|an\s+)?(?:(?:row\s+(?:called\s+|named\s+)?["“]?totals?["”]?)|(?:totals?|summary|sum)\s+row|row\s+(?:of|with)\s+(?:the\s+)?totals|totals?\s+(?:at|to)\s+the\s+bottom)(?:\s+(?:to|on|in)\s+(?:the\s+)?(?:sheet\s+|tab\s+)?["“]?([^"”]+?)["”]?(?:\s+(?:sheet|tab))?)?$/i.exec(clause))) {
      const s = findSheet(m[1]);
      if (!s?.usedRange || s.headers.length < 2) {
        refused.push(() => `did not add a Total row: ${s ? `"${s.name}" has no table` : 'there is no sheet'} to add it to`);
        continue;
      }
      const r = parseRange(s.usedRange);
      const headerRow = s.headerRow ?? r.from.row;
      const c1 = numberToColumn(r.from.col);
      const readTurn = batches.length;
      batches.push([{ toolName: 'read_range', input: { sheet: s.name, range: `${c1}${headerRow}:${c1}${r.to.row}` } }]);
      const sheetSpecs = specs(s.headers);
      if (!sheetSpecs.some((sp, j) => j > 0 && sp.total !== 'none')) {
        refused.push(() => `did not add a Total row: "${s.name}" has no column that adds up (${s.headers.slice(1).map((h) => `"${h}"`).join(', ')})`);
        continue;
      }
      const labelsOf = (read: unknown) => ((read as { rows?: unknown[][] } | undefined)?.rows ?? []).map((row) => row[0]);
      const hasTotal = (labels: unknown[]) => labels.some((l, k) => k > 0 && typeof l === 'string' && /^totals?$/i.test(l.trim()));
      batches.push((prior: PriorResults) => {
        const labels = labelsOf(prior[prior.length - 1]);
        if (hasTotal(labels)) return [];
        // the data: the rows under the header down to the last labelled one
        let last = headerRow;
        labels.forEach((l, k) => {
          if (k > 0 && l !== null && l !== undefined && l !== '') last = headerRow + k;
        });
        if (last <= headerRow) return [];
        const row = last + 1;
        const cells = s.headers.map((_, j) => {
          if (j === 0) return 'Total';
          const spec = sheetSpecs[j];
          const col = numberToColumn(r.from.col + j);
          if (!spec || spec.total === 'none') return null;
          if (spec.total === 'sum') return `=SUM(${col}${headerRow + 1}:${col}${last})`;
          return spec.total.formula.replaceAll('{t}', String(row)).replaceAll('{first}', String(headerRow + 1)).replaceAll('{last}', String(last));
        });
        return [
          { toolName: 'write_range', input: { sheet: s.name, start: `${c1}${row}`, rows: [cells] } },
          { toolName: 'format_range', input: { sheet: s.name, range: `${c1}${row}:${numberToColumn(r.from.col + s.headers.length - 1)}${row}`, style: { bold: true, border: 'thin' } } },
        ];
      });
      const already = (bt: PriorResults[]) => hasTotal(labelsOf(bt[readTurn]?.[0]));
      done.push((bt) => (already(bt) ? undefined : `added a Total row to "${s.name}" (a SUM under each amount column)`));
      refused.push((bt) => (already(bt) ? `did not add a Total row: "${s.name}" already has one` : undefined));
      continue;
    }
    // "add a column Margin % after Profit", "insert a Notes column before Status": the new column is placed there
    let placeAt: { before?: string; after?: string; position?: 'first' } | undefined;
    if (/\b(?:add|insert)\b/i.test(clause) && /\bcolumns?\b/i.test(clause)) {
      const pos = /\s+(?:(after|before|right after|just after|right before|just before|next to)\s+(?:the\s+)?(?:column\s+)?["“]?([^"”]+?)["”]?(?:\s+column)?|(at the (?:start|beginning|front)|as the first column))(?=\s+(?:to|on|in)\s+(?:the\s+)?(?:sheet|tab)\b|\s+(?:to|on|in)\s+["“]?[^"”]+["”]?\s+(?:sheet|tab)\b|\s*[?.!]*$)/i.exec(clause);
      if (pos && (pos[3] || index.sheets.some((x) => x.headers.some((h) => h.toLowerCase() === cleanName(pos[2]!).toLowerCase())))) {
        placeAt = pos[3] ? { position: 'first' } : /before/i.test(pos[1]!) ? { before: cleanName(pos[2]!) } : { after: cleanName(pos[2]!) };
        clause = clause.slice(0, pos.index) + clause.slice(pos.index + pos[0].length);
      } else if (/\s+(?:at the (?:end|right)|as the last column)\s*[?.!]*$/i.test(clause)) clause = clause.replace(/\s+(?:at the (?:end|right)|as the last column)\s*[?.!]*$/i, '');
    }
    const addCol =
      /\b(?:add|insert|apply)\s+(?:a\s+|an\s+)?(?:new\s+)?columns?\s*(?:named|called|for)?\s*["“]?(.+?)["”]?(?:\s+(?:to|on|in)\s+(?:the\s+)?(?:sheet\s+)?["“]?([^"”]+?)["”]?(?:\s+(?:sheet|tab))?)?$/i.exec(clause) ??
      /\b(?:add|insert|apply)\s+(?:a\s+|an\s+)?(?:new\s+)?["“]?([^"”]+?)["”]?\s+columns?(?:\s+(?:to|on|in)\s+(?:the\s+)?(?:sheet\s+)?["“]?([^"”]+?)["”]?(?:\s+(?:sheet|tab))?)?$/i.exec(clause);
    if (addCol) {
      const s = findSheet(addCol[2]);
      // a column the sheet already has is not added twice: moved when a place is given, else said
      const asked = s?.usedRange ? splitList(addCol[1]!) : [];
      const has = (n: string) => !!s && [...s.headers, ...(pending.get(s.name) ?? [])].some((h) => h.toLowerCase() === n.toLowerCase());
      const already = asked.filter(has);
      if (s?.usedRange && already.length) {
        const anchorName = placeAt?.after ?? placeAt?.before;
        if (already.length === 1 && asked.length === 1 && placeAt && s.headers.some((h) => h.toLowerCase() === already[0]!.toLowerCase())) {
          const header = s.headers.find((h) => h.toLowerCase() === already[0]!.toLowerCase())!;
          const j = s.headers.indexOf(header);
          const inPlace = placeAt.position ? j === 0 : placeAt.after ? s.headers[j - 1]?.toLowerCase() === anchorName!.toLowerCase() : s.headers[j + 1]?.toLowerCase() === anchorName!.toLowerCase();
          if (inPlace) {
            refused.push(() => `did not add column "${header}": "${s.name}" already has it${anchorName ? ` ${placeAt.after ? 'after' : 'before'} "${anchorName}"` : ' first'}`);
            continue;
          }
          const op = placeAt.position ? { kind: 'move' as const, position: 'first' as const } : placeAt.before ? { kind: 'move' as const, before: placeAt.before } : { kind: 'move' as const, after: placeAt.after! };
          structural(planColumnEdit({ s, others: index.sheets.filter((x) => x !== s && x.usedRange), sheets: index.sheets, column: header, op, realRows, firstBatch: batches.length, extraRows: addedRows.get(s.name) ?? 0 }));
          done.push(`did not add column "${header}" again ("${s.name}" has it): moved it ${placeAt.position ? 'to the front' : `${placeAt.after ? 'after' : 'before'} "${anchorName}"`}`);
          continue;
        }
        refused.push(() => `did not add column${already.length > 1 ? 's' : ''} ${already.map((n) => `"${n}"`).join(', ')}: "${s.name}" already has ${already.length > 1 ? 'them' : 'it'}`);
        if (already.length === asked.length) continue;
      }
      if (s?.usedRange) {
        const names = splitList(addCol[1]!).filter((n) => !has(n));
        const r = parseRange(s.usedRange);
        const headerRow = s.headerRow ?? r.from.row;
        const earlier = pending.get(s.name) ?? [];
        const firstCol = r.to.col + 1 + earlier.length;
        pending.set(s.name, [...earlier, ...names]);
        const firstLetter = numberToColumn(r.from.col);
        // read the first column to find the data rows and a totals row, then write the new column(s)
        batches.push([{ toolName: 'read_range', input: { sheet: s.name, range: `${firstLetter}${headerRow}:${firstLetter}${r.to.row}` } }]);
        batches.push((prior: PriorResults) => {
          const read = prior[prior.length - 1] as { rows?: unknown[][] } | undefined;
          const labels = (read?.rows ?? []).map((row) => row[0]);
          const calls: PlannedCall[] = [];
          const allSpecs = specs([...s.headers, ...earlier, ...names]);
          const aligned = r.from.col === 1 && s.headers.length === r.to.col - r.from.col + 1;
          names.forEach((name, k) => {
            const spec = aligned ? allSpecs[s.headers.length + earlier.length + k]! : specs([name])[0]!;
            const letter = numberToColumn(firstCol + k);
            const rand = seededRandom(`${clause}|${name}`);
            const values: Array<Array<string | number | null>> = [[name]];
            const dataLast = labels.slice(1).findIndex((l) => typeof l === 'string' && /^total/i.test(l));
            const last = dataLast >= 0 ? headerRow + dataLast : r.to.row;
            let dataRows = 0;
            for (let row = headerRow + 1; row <= r.to.row; row++) {
              const label = labels[row - headerRow];
              const fill = (f: string) => f.replaceAll('{r}', String(row)).replaceAll('{p}', String(row - 1)).replaceAll('{first}', String(headerRow + 1)).replaceAll('{last}', String(last)).replaceAll('{t}', String(row));
              if (typeof label === 'string' && /^total/i.test(label)) {
                if (spec.total === 'sum') values.push([`=SUM(${letter}${headerRow + 1}:${letter}${row - 1})`]);
                else if (spec.total !== 'none') values.push([fill(spec.total.formula)]);
                else values.push([null]);
              } else if (label === null || label === undefined) values.push([null]);
              else if (spec.formula && !(row === headerRow + 1 && spec.firstRow === 'sample')) values.push([row === headerRow + 1 && spec.firstRow === '' ? null : fill(spec.formula)]);
              // rows that came from the user's file get no invented values
              else if (!realRows && choices(name)) values.push([choices(name)![dataRows++ % choices(name)!.length]!]);
              else if (!realRows) values.push([sampleValue(spec, dataRows++, rand, { rows: last - headerRow, startYear: 2025, startMonth: 1 })]);
              else values.push([null]);
            }
            calls.push({ toolName: 'write_range', input: { sheet: s.name, start: `${letter}${headerRow}`, rows: values, ...(spec.numFmt ? { numFmt: spec.numFmt } : {}) } });
            calls.push({ toolName: 'format_range', input: { sheet: s.name, range: `${letter}${headerRow}`, style: { bold: true, color: '#FFFFFF', fill: '#1F4E79', border: 'thin' } } });
            calls.push({ toolName: 'set_column_widths', input: { sheet: s.name, widths: { [letter]: Math.max(12, name.length + 4) } } });
          });
          return calls;
        });
        // placed before or after a column (not simply appended): moved there once written, references following
        let placeEdit: PlannedEdit | undefined;
        const anchor = placeAt?.after ?? placeAt?.before;
        const lastHeader = [...s.headers, ...earlier].at(-1) ?? '';
        if (placeAt && names.length === 1 && !(placeAt.after && anchor!.toLowerCase() === lastHeader.toLowerCase())) {
          const wider = { ...s, usedRange: `${numberToColumn(r.from.col)}${r.from.row}:${numberToColumn(r.to.col + earlier.length + 1)}${r.to.row}` };
          const op = placeAt.position ? { kind: 'move' as const, position: 'first' as const } : placeAt.before ? { kind: 'move' as const, before: placeAt.before } : { kind: 'move' as const, after: placeAt.after! };
          placeEdit = planColumnEdit({ s: wider, others: index.sheets.filter((x) => x !== s && x.usedRange), sheets: index.sheets, column: names[0]!, op, realRows, firstBatch: batches.length, extraRows: addedRows.get(s.name) ?? 0 });
        }
        const formulas = aligned(s) ? specs([...s.headers, ...earlier, ...names]).slice(s.headers.length + earlier.length).map((x) => !!x.formula) : names.map(() => false);
        const invented = names.filter((_, k) => !formulas[k]);
        if (!realRows) sample ||= invented.length > 0;
        done.push(
          `added column${names.length > 1 ? 's' : ''} ${names.map((n) => `"${n}"`).join(', ')} to "${s.name}"` +
            (realRows && invented.length ? ` (${invented.map((n) => `"${n}"`).join(', ')} left empty: the rows hold your data, so the offline model does not invent values for them)` : ''),
        );
        if (placeEdit) structural(placeEdit);
        continue;
      }
    }
    // "delete the chart", "remove the pie chart", "delete all charts", "remove the chart Revenue by month"
    if ((m = /\b(?:delete|remove|drop|get rid of)\s+(?:the\s+|this\s+|that\s+|all\s+(?:the\s+)?|both\s+(?:the\s+)?|every\s+)?(?:(bar|column|line|pie|scatter|area|doughnut)\s+)?(charts?|graphs?)(?:\s+(?!(?:from|on|in)\s)(?:called|named|titled)?\s*["“]?(.+?)["”]?)?(?:\s+(?:from|on|in)\s+(?:the\s+)?(?:sheet\s+|tab\s+)?["“]?([^"”]+?)["”]?(?:\s+(?:sheet|tab))?)?$/i.exec(clause))) {
      const all = index.sheets.flatMap((x) => x.charts.map((c) => {
        const d = /^(\S+) \(([a-z]+)(?: "(.*)")?\) at /.exec(c);
        return { id: d?.[1] ?? c.split(' ')[0]!, type: d?.[2] ?? '', title: d?.[3] ?? '', sheet: x.name };
      }));
      const onName = m[4] ? onSheet(m[4])?.name : undefined;
      const titleWord = m[3] && !onSheet(m[3]) ? cleanName(m[3]).toLowerCase() : undefined;
      const type = m[1] ? WORKBOOK_CHART[m[1].toLowerCase() as ChartKind] : undefined;
      const pick = all.filter((c) => (!onName || c.sheet === onName) && (!type || c.type === type) && (!titleWord || c.title.toLowerCase().includes(titleWord) || c.id.toLowerCase() === titleWord));
      const plural = /s$/i.test(m[2]!) || /\b(all|both|every)\b/i.test(clause);
      const named = (c: { id: string; title: string }) => (c.title ? `"${c.title}"` : c.id);
      if (pick.length && (plural || pick.length === 1)) {
        batches.push(pick.map((c) => ({ toolName: 'delete_chart', input: { id: c.id } })));
        done.push(`deleted the chart${pick.length > 1 ? 's' : ''} ${pick.map(named).join(', ')}`);
      } else {
        const why = !all.length ? 'the workbook has no chart' : !pick.length ? `no chart matches (charts: ${all.map(named).join(', ')})` : `there are ${pick.length} charts (${pick.map(named).join(', ')}): name the one to delete, or say "delete all charts"`;
        refused.push(() => `did not delete a chart: ${why}`);
      }
      continue;
    }
    // "make the header bold", "bold the header row", "make the headers blue", "make the title bigger"
    if ((m = /\b(?:make|set|format|turn|change)\s+(?:the\s+|all\s+(?:the\s+)?)?(column\s+headers?|headers?(?:\s+row)?|header\s+cells|titles?)(?:\s+(?:row|cells))?(?:\s+(?:on|in)\s+(?:the\s+)?(?:sheet\s+)?["“]?([^"”]+?)["”]?(?:\s+sheet)?)?\s+(?:to\s+|in\s+)?(bold|italic|italics|underlined?|bigger|larger|red|blue|green|orange|grey|gray|black|purple|yellow|dark blue)(?:\s+(?:on|in)\s+(?:the\s+)?(?:sheet\s+)?["“]?([^"”]+?)["”]?(?:\s+sheet)?)?$/i.exec(clause) ?? /\b(bold|italici[sz]e|underline)\s+(?:the\s+|all\s+(?:the\s+)?)?(column\s+headers?|headers?(?:\s+row)?|titles?)()$/i.exec(clause))) {
      const verbFirst = /^(bold|italici[sz]e|underline)$/i.test(m[1]!);
      const what = (verbFirst ? m[2]! : m[1]!).toLowerCase();
      const how = (verbFirst ? m[1]! : m[3]!).toLowerCase();
      const sheetName = verbFirst ? undefined : (m[2] ?? m[4]);
      const targets = (sheetName ? [onSheet(sheetName)].filter((x): x is NonNullable<typeof x> => !!x) : index.sheets).filter((x) => x.usedRange);
      const COLORS: Record<string, string> = { red: '#C00000', blue: '#1F4E79', 'dark blue': '#1F3864', green: '#548235', orange: '#ED7D31', grey: '#7F7F7F', gray: '#7F7F7F', black: '#000000', purple: '#7030A0', yellow: '#FFD966' };
      const style = /^bold/.test(how) ? { bold: true } : /^italic/.test(how) ? { italic: true } : /^underline/.test(how) ? { underline: true } : /bigger|larger/.test(how) ? { fontSize: /title/.test(what) ? 18 : 13 } : /title/.test(what) ? { color: COLORS[how]! } : { fill: COLORS[how]!, color: how === 'yellow' ? '#000000' : '#FFFFFF' };
      const calls = targets.flatMap((x) => {
        const r = parseRange(x.usedRange!);
        if (/title/.test(what)) return [{ toolName: 'format_range', input: { sheet: x.name, range: 'A1', style } }];
        if (!x.headers.length) return [];
        const row = x.headerRow ?? r.from.row;
        return [{ toolName: 'format_range', input: { sheet: x.name, range: `${numberToColumn(r.from.col)}${row}:${numberToColumn(r.from.col + x.headers.length - 1)}${row}`, style } }];
      });
      if (calls.length) {
        batches.push(calls);
        done.push(`made the ${/title/.test(what) ? 'title' : 'header row'} ${how} on ${targets.length > 1 ? `${targets.length} sheets` : `"${targets[0]!.name}"`}`);
        continue;
      }
    }
    if (/\badd\s+(?:a\s+|an\s+|another\s+)?(?:(?:bar|column|line|pie|area)\s+)?(?:chart|graph)\b/i.test(clause)) {
      const req = parsePrompt(clause).charts[0];
      const on = /\b(?:to|on|in)\s+(?:the\s+)?(?:sheet\s+|tab\s+)?["“]?([^"”]+?)["”]?(?:\s+(?:sheet|tab))?$/i.exec(clause);
      const named = on ? index.sheets.find((x) => x.name.toLowerCase() === cleanName(on[1]!).toLowerCase()) : undefined;
      const s = named ?? index.sheets.find((x) => x.headers.length >= 2 && (!req?.series.length || req.series.some((n) => x.headers.some((h) => h.toLowerCase() === n.toLowerCase())))) ?? index.sheets[0];
      // "a line chart of the Total" on a sheet without a Total column: said, not another column plotted
      const absent = (req?.series ?? []).filter((n) => !s?.headers.some((h) => h.toLowerCase() === n.toLowerCase()));
      if (s?.usedRange && req?.series.length && absent.length === req.series.length) {
        const cols = s.headers.slice(1).map((h) => `"${h}"`).join(', ');
        refused.push(() => `did not add a chart of ${absent.map((n) => `"${n}"`).join(', ')}: "${s.name}" has no such column (columns: ${cols})`);
        continue;
      }
      if (s?.usedRange && s.headers.length >= 2) {
        const r = parseRange(s.usedRange);
        const headerRow = s.headerRow ?? r.from.row;
        const type = WORKBOOK_CHART[(req?.type ?? 'column')];
        const id = `chart_${index.sheets.reduce((n, x) => n + x.charts.length, 0) + batches.length + 1}`;
        const width = r.to.col - r.from.col + 1;
        const slot = s.charts.length;
        const headerSpecs = specs(s.headers);
        const dataRange = `${numberToColumn(r.from.col)}${headerRow + 1}:${numberToColumn(r.to.col)}${r.to.row}`;
        batches.push([{ toolName: 'read_range', input: { sheet: s.name, range: dataRange } }]);
        batches.push((prior: PriorResults) => {
          const read = prior[prior.length - 1] as { rows?: unknown[][] } | undefined;
          const rows = read?.rows ?? [];
          const firstRow = rows[0] ?? [];
          let numericCols = firstRow.map((v, j) => (typeof v === 'number' && j > 0 ? j : -1)).filter((j) => j >= 0);
          const wanted = (req?.series ?? []).map((n) => s.headers.findIndex((h) => h.toLowerCase() === n.toLowerCase())).filter((j) => j > 0 && numericCols.includes(j));
          if (wanted.length) numericCols = wanted;
          else {
            // one unit per chart: the family of the first numeric column
            const fam = headerSpecs[numericCols[0] ?? -1]?.family;
            numericCols = numericCols.filter((j) => headerSpecs[j]?.family === fam && !headerSpecs[j]?.formula);
          }
          numericCols = numericCols.slice(0, type === 'pie' ? 1 : 4);
          if (!numericCols.length) return [];
          // data rows: up to the first empty or "Total" label
          let count = 0;
          while (count < rows.length && rows[count]?.[0] !== null && !(typeof rows[count]?.[0] === 'string' && /^total/i.test(String(rows[count]?.[0])))) count++;
          const last = headerRow + Math.max(count, 1);
          const cat = numberToColumn(r.from.col);
          const names = numericCols.map((j) => s.headers[j] ?? `Series ${j}`);
          return [
            {
              toolName: 'add_chart',
              input: {
                sheet: s.name,
                id,
                type,
                title: `${names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}` : names[0]} by ${(s.headers[0] ?? 'row').toLowerCase()}`,
                categories: `${cat}${headerRow + 1}:${cat}${last}`,
                series: numericCols.map((j) => ({ name: `${numberToColumn(r.from.col + j)}${headerRow}`, values: `${numberToColumn(r.from.col + j)}${headerRow + 1}:${numberToColumn(r.from.col + j)}${last}` })),
                anchor: `${numberToColumn(r.from.col + width + 1)}${headerRow + slot * 19}:${numberToColumn(r.from.col + width + 8)}${headerRow + slot * 19 + 17}`,
              },
            },
          ];
        });
        done.push(`added a ${type} chart${req?.series.length ? ` of ${req.series.join(', ')}` : ''} to "${s.name}"`);
        continue;
      }
    }
    if ((m = /\b(?:change|set|update|rename)\s+the\s+(?:workbook\s+)?title\s+to\s+["“]?([^"”]+?)["”]?$/i.exec(clause))) {
      const s = index.sheets[0];
      if (s) {
        batches.push([{ toolName: 'write_range', input: { sheet: s.name, start: 'A1', rows: [[m[1]!.trim()]] } }]);
        done.push(`changed the title to "${m[1]!.trim()}"`);
        continue;
      }
    }
    // "change the title of sheet X to Y" / "retitle X as Y": the title cell of that sheet
    if ((m = /\b(?:change|set|update)\s+the\s+title\s+of\s+(?:the\s+)?(?:sheet\s+|tab\s+)?["“]?(.+?)["”]?(?:\s+(?:sheet|tab))?\s+to\s+["“]?([^"”]+?)["”]?$/i.exec(clause))) {
      const s = index.sheets.find((x) => x.name.toLowerCase() === cleanName(m![1]!).toLowerCase());
      if (s) {
        batches.push([{ toolName: 'write_range', input: { sheet: s.name, start: 'A1', rows: [[m[2]!.trim()]] } }]);
        done.push(`changed the title of "${s.name}" to "${m[2]!.trim()}"`);
        continue;
      }
    }
    unknown.push(clause);
  }
  if (features.length) {
    // the sheets they apply to: the one named, else those holding the column named, else the first table
    const target = (f: Feature, named?: string) => {
      const withCols = index.sheets.filter((x) => x.usedRange && x.headers.length);
      if (named) return withCols.filter((x) => x.name === named);
      const col = f.kind === 'dropdown' ? f.column : f.kind === 'highlight' ? f.target : undefined;
      const holding = col ? withCols.filter((x) => findColumn([...x.headers, ...(pending.get(x.name) ?? [])], col) >= 0) : [];
      return holding.length ? holding : withCols.slice(0, 1);
    };
    const groups = features.map((f) => ({ f: f.feature, sheets: target(f.feature, f.sheet) }));
    const used = [...new Set(groups.flatMap((g) => g.sheets))];
    const readTurn = batches.length;
    // the first column of each sheet tells where its data ends (a Total row is not data)
    batches.push(used.map((x) => {
      const r = parseRange(x.usedRange!);
      const c = numberToColumn(r.from.col);
      return { toolName: 'read_range', input: { sheet: x.name, range: `${c}${x.headerRow ?? r.from.row}:${c}${r.to.row + (addedRows.get(x.name) ?? 0)}` } };
    }));
    const compute = (byTurn: PriorResults[]) => {
      const reads = byTurn[readTurn] ?? [];
      const info = new Map(used.map((x, k) => {
        const r = parseRange(x.usedRange!);
        const headerRow = x.headerRow ?? r.from.row;
        const labels = ((reads[k] as { rows?: unknown[][] } | undefined)?.rows ?? []).map((row) => row[0]).slice(1);
        let n = 0;
        while (n < labels.length && labels[n] !== null && labels[n] !== undefined && labels[n] !== '' && !(typeof labels[n] === 'string' && /^(total|average|sum)\b/i.test(String(labels[n])))) n++;
        return [x.name, { name: x.name, headers: [...x.headers, ...(pending.get(x.name) ?? [])], headerRow, firstCol: r.from.col, firstData: headerRow + 1, lastData: headerRow + n, ...(x.frozen ? { frozen: x.frozen } : {}) } satisfies FeatureSheet];
      }));
      const out = { calls: [] as PlannedCall[], done: [] as string[], notDone: [] as string[] };
      for (const g of groups) {
        const r = featureCalls([g.f], g.sheets.map((x) => info.get(x.name)!));
        out.calls.push(...r.calls);
        out.done.push(...r.done);
        out.notDone.push(...r.notDone);
      }
      return out;
    };
    batches.push((_prior, byTurn) => compute(byTurn).calls);
    done.push((byTurn) => compute(byTurn).done.join('; ') || undefined);
    refused.push((byTurn) => compute(byTurn).notDone.join('; it ') || undefined);
  }
  if (renames.length) batches.push(renames);
  if (!batches.length && !refused.length) {
    return { batches, summary: `The offline model could not find an edit it understands in "${input.request.slice(0, 120)}"; the workbook (${sheets.join(', ')}) is unchanged. It understands: add a sheet/column/chart/rows, rename or delete a sheet, delete or move a column, change the title, highlight values, add a dropdown, freeze panes, add a comment, define names. (offline model)` };
  }
  const skipped = unknown.length ? ` It did not understand "${unknown.join('", "').slice(0, 200)}" and left that undone.` : '';
  const summary = (byTurn: PriorResults[]) => {
    const did = done.map((d) => (typeof d === 'string' ? d : d(byTurn))).filter((d): d is string => !!d);
    const not = refused.map((r) => r(byTurn)).filter((r): r is string => !!r);
    const notes = not.length ? ` It ${not.join('; it ')}.` : '';
    if (!did.length) return `The offline model made no change to the workbook.${notes}${skipped} (offline model)`;
    return `${capitalize(did.join('; '))}.${sample ? ' New numbers are sample data.' : ''}${notes}${skipped} (offline model)`;
  };
  return { batches, summary: done.some((d) => typeof d !== 'string') ? summary : summary([]) };
}

export function planWorkbook(input: PlanInput): OfflinePlan {
  if (input.memory?.index.kind === 'workbook') return resumePlan(input, input.memory.index);
  return newWorkbookPlan(input);
}

