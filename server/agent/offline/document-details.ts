/**
 * Details a document prompt gives beyond its sections: a memo's To / From / Subject / Date, the
 * date, attendees, chair and agenda of meeting minutes, and tables named by what they hold
 * ("a pricing table", "a table of hires by department"). Read from the prompt's words only.
 */
import { capitalize, splitList } from './parse-prompt';

const MONTH = '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
/** "3 March 2027", "March 3, 2027", "12 May", "2027-03-03", "3/3/2027" */
export const DATE_RE = new RegExp(`\\b(?:\\d{1,2}(?:st|nd|rd|th)?\\s+${MONTH}\\b(?:,?\\s+\\d{4})?|${MONTH}\\s+\\d{1,2}(?:st|nd|rd|th)?\\b(?:,?\\s+\\d{4})?|\\d{4}-\\d{2}-\\d{2}|\\d{1,2}/\\d{1,2}/\\d{2,4})`, 'i');

/** Words that end a memo field ("from the CFO to all staff about …"). */
const FIELD_END = '(?=\\s*[.;!?]|\\s*,\\s*(?:subject|re|date|cc|from|to|about|regarding|with|it)\\b|\\s+(?:from|to|about|regarding|concerning|re:?|subject|announcing|explaining|informing|introducing|confirming|outlining|reminding|asking|inviting|notifying|telling|on\\s+the\\s+subject\\s+of|dated|cc|that|including)\\b|\\s+with\\s+(?:an?|sections?|tables?|numbered|\\d+|no|some|bullets?|headings?|key|clear|the\\s+(?:usual|standard))\\b|\\s*$)';
/** Verbs after "to" that start a purpose, not a recipient ("a memo to announce …"). */
const PURPOSE_VERBS = /^(announce|explain|inform|tell|let|share|introduce|confirm|remind|update|outline|describe|summari[sz]e|request|ask|invite|notify|welcome|thank|propose|recommend|encourage|clarify|set|give|communicate|discuss|highlight|present|report|cover|address)\b/i;

/** "the CFO" → "CFO", "all staff" → "All staff", "the board" → "The board". */
export function personName(s: string): string {
  const t = s.trim().replace(/^[:\s]+|[,:\s]+$/g, '').replace(/^(our|my)\s+/i, '');
  const m = /^the\s+(.+)$/i.exec(t);
  if (m && /^[A-Z]/.test(m[1]!)) return m[1]!;
  return capitalize(t);
}

export interface MemoFields {
  to?: string;
  from?: string;
  subject?: string;
  /** the subject as written, to use inside a sentence ("the new travel policy") */
  phrase?: string;
  /** the subject is a "that" clause ("that the office will close …") */
  that?: boolean;
  date?: string;
  cc?: string;
}

/** A memo's header fields as the prompt gives them. */
export function memoFields(text: string): MemoFields {
  const t = text.replace(/\s+/g, ' ').trim();
  const out: MemoFields = {};
  const grab = (re: RegExp) => re.exec(t)?.[1]?.trim();
  // "From: Head of IT", "from the CFO"
  const from = grab(new RegExp(`\\bfrom\\s*:?\\s+((?!${DATE_RE.source})[^,.;:]+?)${FIELD_END}`, 'i'));
  if (from) out.from = personName(from);
  // "To: all employees", "memo to the board", "addressed to …"; not "to announce …"
  const toRe = new RegExp(`\\b(?:addressed\\s+)?to\\s*:?\\s+([^,.;:]+?)${FIELD_END}`, 'gi');
  for (let m = toRe.exec(t); m; m = toRe.exec(t)) {
    const who = m[1]!.trim();
    if (PURPOSE_VERBS.test(who)) continue;
    out.to = personName(who);
    break;
  }
  // "a memo for the engineering team": a group it is for
  if (!out.to) {
    const group = grab(/\bmemo\s+for\s+((?:the\s+|all\s+|our\s+)?(?:[\w-]+\s+){0,3}?(?:team|staff|employees|department|managers|leads|colleagues|contractors|members|board|committee|parents|students|residents|volunteers|everyone|heads))\b/i);
    if (group) out.to = personName(group);
  }
  // "informing staff that …", "to remind all employees about …": the people informed
  if (!out.to) {
    const who = grab(/\b(?:inform(?:ing)?|notify(?:ing)?|remind(?:ing)?|tell(?:ing)?|updat(?:e|ing)|ask(?:ing)?|invit(?:e|ing)|welcom(?:e|ing)|thank(?:ing)?)\s+((?:all\s+|the\s+|our\s+)?[\w-]+(?:\s+(?:staff|team|employees|members|managers|leads|colleagues|contractors|users|customers|parents|students|residents|volunteers))?)(?=\s+(?:that|about|of|to|on|regarding)\b|\s*[,.;]|\s*$)/i);
    if (who && !/^(that|about|of|the|them|you|us)$/i.test(who)) out.to = personName(who);
  }
  // subject: "subject: Q3 results", "re: …", "about …", "regarding …", "announcing …", "that …"
  const thatClause = /\b(?:informing|telling|notifying|reminding|to\s+(?:inform|tell|notify|remind))\s+[^.;]*?\bthat\s+/i.test(t) || /^(?:[^.;]*\bmemo\b[^.;]*?)\s+that\s+/i.test(t);
  const subject =
    grab(/\b(?:subject|re)\s*:\s*([^.;]+?)(?=\s*[.;]|\s*,\s*(?:from|to|date|cc)\b|\s*$)/i) ??
    grab(new RegExp(`\\b(?:about|regarding|concerning|on\\s+the\\s+subject\\s+of|re)\\s+([^.;]+?)${FIELD_END}`, 'i')) ??
    grab(new RegExp(`\\b(?:to\\s+)?(?:announc(?:e|ing)|introduc(?:e|ing)|explain(?:ing)?|confirm(?:ing)?|outlin(?:e|ing)|summari[sz](?:e|ing)|shar(?:e|ing))\\s+([^.;]+?)${FIELD_END}`, 'i')) ??
    grab(/\bthat\s+([^.;]+?)(?=\s*[.;]|\s*$)/i) ??
    grab(new RegExp(`\\bmemo\\s+on\\s+([^.;]+?)${FIELD_END}`, 'i'));
  if (subject) {
    const raw = subject.replace(/[\s,]+$/, '');
    out.subject = capitalize(raw.replace(/^(the|a|an|our)\s+/i, ''));
    out.phrase = /^[A-Z][a-z]+(?:\s|$)/.test(raw) && !/^[A-Z][a-z]+\s+[A-Z]/.test(raw) ? raw[0]!.toLowerCase() + raw.slice(1) : raw;
    if (thatClause && !/\b(?:subject|re)\s*:|\b(?:about|regarding|concerning)\s/i.test(t)) out.that = true;
  }
  const date = grab(new RegExp(`\\b(?:dated|date\\s*:)\\s*(${DATE_RE.source})`, 'i'));
  if (date) out.date = date;
  const cc = grab(new RegExp(`\\bcc\\s*:?\\s+([^.;]+?)${FIELD_END}`, 'i'));
  if (cc) out.cc = personName(cc);
  return out;
}

export interface MinutesDetails {
  meeting?: string;
  date?: string;
  attendees: string[];
  apologies: string[];
  chair?: string;
  agenda: string[];
}

/** Day offset words before "meeting" ("yesterday's meeting"): the date they stand for. */
function relativeDate(t: string, today: string): string | undefined {
  const d = new Date(`${today}T00:00:00Z`);
  if (/\byesterday'?s?\b/i.test(t)) d.setUTCDate(d.getUTCDate() - 1);
  else if (!/\btoday'?s?\b/i.test(t)) return undefined;
  return d.toISOString().slice(0, 10);
}

/** A list after a keyword, up to the next keyword or the end of the sentence. */
function listAfter(t: string, key: string): string[] {
  const m = new RegExp(`\\b(?:${key})\\s*:?\\s+(.+?)(?=\\s*[.;!?](?:\\s|$)|\\s*,?\\s+(?:chaired|apologies|agenda|held|dated|where|with|attended|present|who|minutes|and\\s+(?:the|an?)\\s+(?:agenda|chair|apologies|decisions|actions?))\\b|\\s*$)`, 'i').exec(t);
  if (!m) return [];
  return splitList(m[1]!.replace(/\s+on\s+.*$/i, ''))
    .map((x) => x.replace(/^(?:and|or)\s+/i, ''))
    .filter((x) => x && x.split(/\s+/).length <= 6);
}

/** The meeting, date, people and agenda of minutes, as the prompt gives them. */
export function minutesDetails(text: string, today: string): MinutesDetails {
  const t = text.replace(/\s+/g, ' ').trim();
  const out: MinutesDetails = { attendees: [], apologies: [], agenda: [] };
  const named =
    /\bminutes\s+(?:of|for|from)\s+(?:the\s+|our\s+|this\s+week'?s\s+|(?:yester|to)day'?s\s+|last\s+\w+'?s\s+)?(.+?)(?=\s+(?:held|on|with|dated|at|in|attended|chaired|where|that|which|including|covering)\b|\s*[,.;:(]|\s*$)/i.exec(t)?.[1] ??
    /\b(?:the\s+|our\s+|(?:yester|to)day'?s\s+)?([\w&'-]+(?:\s+[\w&'-]+){0,3}?\s+(?:meeting|sync|call|review|committee|board|stand-?up|retro(?:spective)?|workshop|session))\s+minutes\b/i.exec(t)?.[1];
  if (named && !/^(meeting|minutes|the meeting)$/i.test(named.trim())) out.meeting = capitalize(named.trim().replace(/^(?:write\s+up|take|draft|record)\s+(?:the\s+)?/i, ''));
  const date = DATE_RE.exec(t)?.[0] ?? relativeDate(t, today);
  if (date) out.date = date;
  out.attendees = listAfter(t, 'with\\s+attendees|attendees(?:\\s+were)?|attended\\s+by|participants|present(?:\\s+were)?|people\\s+present|with');
  // "with attendees …" only: a bare "with" names people only when they are capitalised names
  if (!/\b(attendees|attended by|participants|present)\b/i.test(t)) out.attendees = out.attendees.filter((x) => /^[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?$/.test(x) && !/^(Agenda|Action|Decisions|Sections?)$/.test(x));
  out.apologies = listAfter(t, 'apologies(?:\\s+from)?|absent');
  const chair = /\bchaired\s+by\s+([A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)?)|\bchair\s*:\s*([A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)?)/.exec(t);
  if (chair) out.chair = (chair[1] ?? chair[2])!;
  out.agenda = listAfter(t, 'agenda(?:\\s+items)?|to\\s+discuss|discussing|covering|topics');
  return out;
}

export interface NamedTable {
  /** what the table holds, as a section-title word ("Pricing", "Risks", "Hires by department") */
  label: string;
  rows: string[][];
  caption: string;
  /** section titles it belongs under */
  home: RegExp;
}

const CATEGORIES: Record<string, string[]> = {
  department: ['Sales', 'Marketing', 'Engineering', 'Finance'],
  region: ['North', 'South', 'East', 'West'],
  country: ['France', 'Germany', 'Spain', 'Italy'],
  quarter: ['Q1', 'Q2', 'Q3', 'Q4'],
  month: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun'],
  team: ['Team A', 'Team B', 'Team C', 'Team D'],
  product: ['Product A', 'Product B', 'Product C', 'Product D'],
  channel: ['Online', 'Retail', 'Partners', 'Direct'],
  year: ['2023', '2024', '2025', '2026'],
  segment: ['Enterprise', 'Mid-market', 'Small business', 'Consumer'],
};
const SAMPLE = 'sample entries by the offline model — replace with real ones';

/** "suppliers" → "Supplier", "activities" → "Activity". */
function singular(w: string): string {
  if (/ies$/i.test(w)) return w.slice(0, -3) + 'y';
  if (/(ss|us|is)$/i.test(w)) return w;
  if (/(ch|sh|x)es$/i.test(w)) return w.slice(0, -2);
  return w.replace(/s$/i, '');
}

/** A table the prompt names by what it holds; undefined for a plain "a table". */
export function namedTable(what: string, by: string | undefined, seed: number): NamedTable | undefined {
  const w = what.toLowerCase().trim();
  const n = (k: number) => String(((seed * 7 + k * 13) % 60) + 20);
  if (/^(pric(?:e|es|ing)|packages?|plans?|sponsorship (?:packages|levels|tiers)|tiers?)$/.test(w)) {
    return { label: 'Pricing', rows: [['Package', 'Price', 'Includes'], ['Bronze', '5,000', 'Logo on the website'], ['Silver', '12,000', 'Logo, stand and two passes'], ['Gold', '25,000', 'Naming rights, stand and ten passes']], caption: `Pricing: ${SAMPLE}.`, home: /pric|budget|cost|package|offer/i };
  }
  if (/^(check-?list|tasks?|to-?dos?)$/.test(w)) {
    return { label: 'Checklist', rows: [['Task', 'Owner', 'Due', 'Done'], ['Set up accounts and equipment', 'IT', 'Day 1', '☐'], ['Meet the team', 'Manager', 'Week 1', '☐'], ['Read the handbook', 'New starter', 'Week 1', '☐'], ['Agree first goals', 'Manager', 'Week 2', '☐']], caption: `Checklist: ${SAMPLE}.`, home: /check|task|step|first|onboard|key points|overview/i };
  }
  if (/^(risks?|risk register)$/.test(w)) {
    return { label: 'Risks', rows: [['Risk', 'Likelihood', 'Impact', 'Mitigation', 'Owner'], ['Delay in delivery', 'Medium', 'High', 'Weekly milestone review', 'Project lead'], ['Budget overrun', 'Low', 'High', 'Monthly cost tracking', 'Finance'], ['Key person leaves', 'Low', 'Medium', 'Shared documentation', 'Manager']], caption: `Risk register: ${SAMPLE}.`, home: /risk/i };
  }
  if (/^(actions?|action items?|next steps)$/.test(w)) {
    return { label: 'Action items', rows: [['Action', 'Owner', 'Due'], ['Share the notes', 'Chair', 'Friday'], ['Prepare the budget update', 'Finance', 'Next meeting'], ['Confirm the launch date', 'Product', 'In two weeks']], caption: `Action items: ${SAMPLE}.`, home: /action|next steps/i };
  }
  if (/^(timeline|schedule|milestones?|phases?|plan)$/.test(w)) {
    return { label: 'Timeline', rows: [['Phase', 'Start', 'End'], ['Discovery', 'Week 1', 'Week 2'], ['Delivery', 'Week 3', 'Week 8'], ['Review', 'Week 9', 'Week 10']], caption: `Timeline: ${SAMPLE}.`, home: /timeline|schedule|milestone|plan|approach/i };
  }
  if (/^(budget|costs?|expenses|spend(?:ing)?)$/.test(w)) {
    return { label: 'Budget', rows: [['Item', 'Cost'], ['People', '40,000'], ['Tools', '8,000'], ['Contingency', '4,000'], ['Total', '52,000']], caption: `Budget: ${SAMPLE}.`, home: /budget|cost|financ/i };
  }
  if (/^(comparison|options?|alternatives)$/.test(w)) {
    return { label: 'Options', rows: [['Option', 'Benefits', 'Drawbacks', 'Cost'], ['Option A', 'Fast to start', 'Limited scope', 'Low'], ['Option B', 'Balanced', 'Needs training', 'Medium'], ['Option C', 'Complete', 'Longest to deliver', 'High']], caption: `Options: ${SAMPLE}.`, home: /option|compar|alternativ|analysis/i };
  }
  if (/^(contacts?|stakeholders?|roles?|responsibilities|owners?)$/.test(w)) {
    return { label: capitalize(w), rows: [['Name', 'Role', 'Responsibility'], ['(name)', 'Sponsor', 'Approves scope and budget'], ['(name)', 'Lead', 'Runs the day-to-day work'], ['(name)', 'Adviser', 'Reviews the outcome']], caption: `${capitalize(w)}: ${SAMPLE}.`, home: /role|responsib|stakeholder|contact|team|governance/i };
  }
  if (/^(?:top |largest |biggest |open |key )?(deals|opportunities|accounts)$/.test(w)) {
    return { label: capitalize(w), rows: [['Account', 'Value', 'Stage', 'Close date', 'Owner'], ['Account A', '120,000', 'Negotiation', 'This quarter', 'Sales lead 1'], ['Account B', '85,000', 'Proposal', 'This quarter', 'Sales lead 2'], ['Account C', '60,000', 'Qualified', 'Next quarter', 'Sales lead 1'], ['Account D', '40,000', 'Negotiation', 'This quarter', 'Sales lead 3']], caption: `${capitalize(w)}: ${SAMPLE}.`, home: /deal|pipeline|account|sales|result/i };
  }
  if (/^(competitors?|competition|competitive landscape)$/.test(w)) {
    return { label: 'Competitors', rows: [['', 'Us', 'Alternative A', 'Alternative B'], ['Price', 'Mid', 'High', 'Low'], ['Time to set up', 'Days', 'Months', 'Weeks'], ['Integrations', 'Many', 'Some', 'Few'], ['Support', 'Included', 'Paid', 'Community']], caption: `Competitors: ${SAMPLE}.`, home: /compet|alternativ|market/i };
  }
  if (/^(workstreams?|status|project status)$/.test(w)) {
    return { label: 'Status by workstream', rows: [['Workstream', 'Owner', 'Status', 'Next milestone'], ['Design', 'Product', 'On track', 'Next month'], ['Build', 'Engineering', 'At risk', 'In two months'], ['Testing', 'Quality', 'On track', 'In three months'], ['Rollout', 'Operations', 'Not started', 'In four months']], caption: `Status by workstream: ${SAMPLE}.`, home: /status|workstream|progress|summary/i };
  }
  if (/^(kpis?|metrics|measures|targets)$/.test(w)) {
    return { label: 'KPIs', rows: [['KPI', 'Current', 'Target', 'Status'], ['Customer satisfaction', n(1), n(2), 'On track'], ['Cost per unit', n(3), n(4), 'At risk'], ['Time to deliver', n(5), n(6), 'On track']], caption: `KPIs: ${SAMPLE}.`, home: /kpi|metric|result|finding|measure|performance/i };
  }
  if (!w || /^(data|figures|numbers|results|contents|it)$/.test(w)) return undefined;
  const noun = capitalize(what.trim());
  const byKey = by ? Object.keys(CATEGORIES).find((k) => by.toLowerCase().replace(/s$/, '') === k || by.toLowerCase() === `${k}s`) : undefined;
  if (by) {
    const cats = byKey ? CATEGORIES[byKey]! : [1, 2, 3, 4].map((k) => `${capitalize(by)} ${k}`);
    return { label: `${noun} by ${by.toLowerCase()}`, rows: [[capitalize(singular(by)), noun, 'Target'], ...cats.map((c, k) => [c, n(k), n(k + 5)])], caption: `${noun} by ${by.toLowerCase()}: sample figures by the offline model — replace with real ones.`, home: new RegExp(`${w.split(/\s+/)[0]}|result|finding|data|overview|analysis`, 'i') };
  }
  const item = capitalize(singular(what.trim().split(/\s+/).pop()!));
  return { label: noun, rows: [[item, 'Details', 'Owner', 'Status'], ...[1, 2, 3, 4].map((k) => [`${item} ${k}`, '(details)', ['Operations', 'Finance', 'Product', 'Sales'][k - 1]!, k % 2 ? 'Active' : 'Under review'])], caption: `${noun}: ${SAMPLE}.`, home: new RegExp(`${w.split(/\s+/).pop()!.replace(/s$/, '')}|finding|overview|detail|analysis`, 'i') };
}

/** Tables named in a prompt: "a pricing table", "a table of suppliers", "a table of hires by department". */
export function namedTables(text: string): NamedTable[] {
  const out: NamedTable[] = [];
  const seen = new Set<string>();
  const push = (what: string, by?: string) => {
    const t = namedTable(what, by, out.length + 1);
    if (t && !seen.has(t.label.toLowerCase())) {
      seen.add(t.label.toLowerCase());
      out.push(t);
    }
  };
  const t = text.replace(/\btable\s+of\s+contents\b/gi, ' ');
  for (const m of t.matchAll(/\b(pricing|price|checklist|check-list|risks?|actions?(?:\s+items?)?|timeline|schedule|milestones?|budget|costs?|comparison|options|contacts?|stakeholders?|kpis?|metrics|roles?|competitors?|deals|workstreams?)\s+tables?\b/gi)) push(m[1]!);
  for (const m of t.matchAll(/\btables?\s+(?:of|showing|listing|with|for|comparing)\s+(?:the\s+|our\s+|all\s+)?([a-z][\w-]*(?:\s+(?!by\b|and\b|with\b|in\b|to\b|for\b|that\b|per\b)[a-z][\w-]*){0,2})(?:\s+(?:by|per)\s+([a-z]+))?/gi)) push(m[1]!, m[2]);
  return out;
}

/** Section names a prompt asks for in passing ("including budget, timeline and risks", "with an executive summary"). */
const SECTION_WORDS = /^(executive summary|summary|introduction|background|context|objectives|goals|scope|approach|methodology|method|timeline|schedule|milestones|budget|costs|pricing|risks|risk assessment|benefits|recommendations|conclusion|next steps|appendix|glossary|references|faq|team|deliverables|requirements|governance|case studies|evaluation|success criteria)$/i;

export function sectionWords(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/\b(?:with|including|includes|include|plus|covering|containing)\s+(.+?)(?=\s*[.;!?](?:\s|$)|\s*$)/gi)) {
    for (const item of splitList(m[1]!)) {
      const name = item.replace(/^(?:a|an|the|short|brief|detailed|clear)\s+/i, '').replace(/\s+(?:table|section|chapter|page|part)s?$/i, '').trim();
      if (SECTION_WORDS.test(name) && !out.some((x) => x.toLowerCase() === name.toLowerCase())) out.push(capitalize(name.toLowerCase()));
    }
  }
  return out;
}

const SHORT_WORDS = new Set(['a', 'an', 'the', 'and', 'or', 'for', 'to', 'of', 'in', 'on', 'at', 'by', 'all', 'our', 'new', 'is', 'it', 'its', 'me', 'my', 'we', 'us', 're', 'per', 'via', 'due', 'out', 'up', 'one', 'two', 'six', 'ten', 'few', 'any', 'how', 'why', 'who', 'get', 'set', 'use', 'with', 'from', 'about', 'into', 'this', 'that', 'your', 'deck', 'memo', 'plan', 'each', 'new']);

/** A prompt typed in capitals ("MEMO FROM THE HEAD OF HR TO ALL MANAGERS"): lower case but for short acronyms (HR, CFO, Q3). */
export function uncap(text: string): string {
  const letters = text.replace(/[^A-Za-z]/g, '');
  if (letters.length < 12 || letters.replace(/[^A-Z]/g, '').length / letters.length < 0.8) return text;
  return text.replace(/[A-Za-z][A-Za-z0-9'’&-]*/g, (w) => (w.length <= 3 && !SHORT_WORDS.has(w.toLowerCase()) ? w : w.toLowerCase()));
}

/** Nouns made of several words that a subject must not be cut inside ("code of conduct"). */
export const COMPOUND_NOUNS = /\b(code of (?:conduct|practice|ethics)|terms of (?:service|use|reference|business)|statement of work|bill of materials|letter of intent|memorandum of understanding|proof of concept|point of sale|cost of living|freedom of information|conflict of interest|duty of care|right to work)\b/i;
