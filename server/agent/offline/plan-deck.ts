/** The offline model's plan for a deck (and the offline slide outline): slide count and subject from the prompt. */
import { MAX_SLIDES_PER_CALL } from '@/server/documents/deck/schema';
import type { DeckIndex } from '../types';
import { DECK_KINDS, forFormat, capitalize, cleanName, parsePrompt, seededRandom, titleCase, toNumber, topicOf, type PromptFacts } from './parse-prompt';
import { attachmentIds, clauses, type OfflinePlan, type PlannedBatch, type PlannedCall, type PlanInput } from './plan-types';

export interface OutlineSlide {
  title: string;
  bullets: string[];
  notes?: string;
}

const TOPICS: Array<[string, string[]]> = [
  ['Why {t} matters', ['The problem {t} solves', 'Who benefits', 'What success looks like']],
  ['Goals', ['Clear, measurable objectives for {t}', 'Agreed owners', 'A realistic timeline']],
  ['Current situation', ['Where {t} stands today', 'What works well', 'What needs to change']],
  ['How it works', ['The main steps of {t}', 'Tools and resources', 'Hand-offs between teams']],
  ['Key steps', ['Prepare', 'Launch', 'Review and improve']],
  ['Roles and responsibilities', ['Who leads {t}', 'Who contributes', 'Who is kept informed']],
  ['Timeline', ['First 30 days', 'Days 30–60', 'Days 60–90']],
  ['Metrics', ['Leading indicators for {t}', 'Outcome measures', 'How often we review them']],
  ['Risks and mitigations', ['Main risks for {t}', 'Early warning signs', 'Mitigation owners']],
  ['Best practices', ['Keep it simple', 'Communicate early', 'Measure and adjust']],
  ['Resources', ['Documentation', 'Training', 'Points of contact']],
  ['Budget', ['Main cost items', 'Expected return', 'Approval steps']],
  ['Lessons learned', ['What went well', 'What to avoid', 'What to try next']],
  ['Market overview', ['Size and trend of the market for {t}', 'Main segments', 'What is changing']],
  ['Customer needs', ['What customers expect from {t}', 'Pain points today', 'How we will know we met them']],
  ['Competitive landscape', ['Main alternatives to {t}', 'Where we differ', 'Where we must catch up']],
  ['Our approach', ['Principles behind {t}', 'What we will do first', 'What we will not do']],
  ['Roadmap', ['Now', 'Next', 'Later']],
  ['Pricing and packaging', ['How {t} is offered', 'Options considered', 'Recommendation']],
  ['Go-to-market', ['Target audience for {t}', 'Channels', 'Launch plan']],
  ['Team and capacity', ['Who works on {t}', 'Skills we need', 'Hiring plan']],
  ['Case study', ['The situation', 'What we did for {t}', 'The result']],
  ['Financial outlook', ['Costs of {t}', 'Expected benefits', 'Break-even view']],
  ['Operations', ['Processes behind {t}', 'Service levels', 'Improvements planned']],
  ['Technology', ['Systems that support {t}', 'Integration points', 'Technical risks']],
  ['Partnerships', ['Partners for {t}', 'What each brings', 'How we work together']],
  ['Customer feedback', ['What users say about {t}', 'Recurring themes', 'Actions taken']],
  ['Decisions needed', ['Decision 1: scope of {t}', 'Decision 2: budget', 'Decision 3: timing']],
  ['Summary', ['Key messages on {t}', 'What we ask for', 'What happens next']],
  ['Next steps', ['Confirm owners and dates', 'Share this plan', 'Schedule the first review']],
];

/** `count` distinct content slides on a topic (no repeated titles up to TOPICS.length). */
export function contentSlides(topic: string, count: number, seed: string, exclude: string[] = []): OutlineSlide[] {
  const fill = (s: string) => s.replaceAll('{t}', topic);
  const offset = Math.floor(seededRandom(seed)() * 3);
  const taken = new Set(exclude.map((x) => x.toLowerCase()));
  const out: OutlineSlide[] = [];
  for (let i = 0; out.length < count && i < count + TOPICS.length * 12; i++) {
    const [t, b] = TOPICS[(i + (i > 0 ? offset : 0)) % TOPICS.length]!;
    const round = Math.floor(i / TOPICS.length);
    const title = `${fill(t)}${round ? ` — part ${round + 1}` : ''}`;
    if (taken.has(title.toLowerCase())) continue;
    taken.add(title.toLowerCase());
    out.push({ title, bullets: b.map(fill), notes: `Talk through ${fill(t).toLowerCase()} for ${topic}.` });
  }
  return out;
}

/** Deterministic outline: a title slide, content slides on the subject, a closing slide. */
type Visual = 'chart' | 'table';
const BLUEPRINTS: Partial<Record<NonNullable<PromptFacts['kind']>, Array<[string, string[], Visual?]>>> = {
  pitch: [
    ['The problem', ['Who has the problem {t} solves', 'What it costs them today', 'Why now']],
    ['Our solution', ['What {t} does', 'How it works', 'Why it is better']],
    ['Market size', ['Total addressable market', 'Serviceable market', 'Our first segment'], 'chart'],
    ['Business model', ['How we charge', 'Unit economics', 'Path to margin']],
    ['Traction', ['Customers and pilots', 'Growth month over month', 'Retention'], 'chart'],
    ['Competition', ['Alternatives today', 'Our edge', 'Barriers to entry'], 'table'],
    ['Team', ['Founders', 'Key hires', 'Advisors']],
    ['Financials', ['Revenue plan', 'Costs', 'Break-even'], 'chart'],
    ['The ask', ['Amount raised', 'Use of funds', 'Milestones it buys']],
  ],
  qbr: [
    ['Agenda', ['Highlights', 'Results', 'Next quarter']],
    ['Highlights', ['Top wins of the quarter', 'What changed', 'Customer feedback']],
    ['KPIs against target', ['Revenue', 'Customers', 'Satisfaction'], 'table'],
    ['Revenue by month', ['Trend over the quarter', 'Drivers', 'Outlook'], 'chart'],
    ['Pipeline', ['Deals by stage', 'Expected closes', 'Risks'], 'chart'],
    ['Challenges', ['What did not go to plan', 'Root causes', 'Fixes in place']],
    ['Priorities next quarter', ['Priority 1', 'Priority 2', 'Priority 3']],
    ['Asks and decisions', ['Support needed', 'Decisions for this meeting', 'Owners']],
  ],
  'project-update': [
    ['Summary', ['Where {t} stands', 'Overall status', 'What needs attention']],
    ['Status by workstream', ['On track', 'At risk', 'Late'], 'table'],
    ['Milestones', ['Done', 'Next', 'Later'], 'table'],
    ['Progress', ['Work completed per week', 'Burn-down', 'Forecast'], 'chart'],
    ['Risks and issues', ['Top risks', 'Mitigations', 'Owners']],
    ['Decisions needed', ['Decision 1', 'Decision 2', 'By when']],
    ['Next steps', ['This week', 'Next week', 'Before the next update']],
  ],
  training: [
    ['Agenda', ['Introduction', 'Modules', 'Exercise and quiz']],
    ['Learning objectives', ['By the end you will know {t}', 'You will be able to apply it', 'You will know where to get help']],
    ['Module 1: the basics', ['Key terms', 'Why {t} matters', 'Common mistakes']],
    ['Module 2: in practice', ['Step by step', 'Tools', 'Examples']],
    ['Module 3: going further', ['Advanced cases', 'Tips', 'Checklist']],
    ['Exercise', ['The scenario', 'Your task', 'Time: 15 minutes']],
    ['Quiz', ['Question 1', 'Question 2', 'Question 3']],
    ['Summary', ['What we covered', 'What to do next', 'Resources']],
  ],
};

/** Deterministic outline: a title slide, content slides on the subject (a blueprint's when the prompt asks for one), a closing slide. */
export function deckOutline(facts: PromptFacts, count: number): { title: string; slides: OutlineSlide[] } {
  return deckPlanOutline(forFormat(facts, DECK_KINDS), count);
}

/** What a deck of a kind is called, and the words that already say so in a topic. */
const KIND_TITLES: Partial<Record<NonNullable<PromptFacts['kind']>, [RegExp, string]>> = {
  pitch: [/\bpitch\b/i, 'Pitch'],
  qbr: [/\bqbr\b|\bbusiness review\b/i, 'Quarterly Business Review'],
  'project-update': [/\b(project|status) update\b|\bupdate\b/i, 'Project Update'],
  training: [/\btraining\b/i, 'Training'],
};

/**
 * A deck's title: the topic the prompt gives ("Series A pitch for a B2B invoicing startup"), with
 * the kind of deck when the topic does not say it ("Cybersecurity Awareness — Training").
 */
export function deckTitle(facts: PromptFacts, topic: string): string {
  if (facts.title) return facts.title;
  const t = titleCase(topic.replace(/^(our|my|your|their)\s+/i, ''));
  const kind = facts.kind ? KIND_TITLES[facts.kind] : undefined;
  if (!kind || kind[0].test(t) || /^the requested topic$/i.test(topic)) return /^the requested topic$/i.test(topic) && kind ? kind[1] : t;
  return `${t} — ${kind[1]}`;
}

function deckPlanOutline(facts: PromptFacts, count: number): { title: string; slides: Array<OutlineSlide & { visual?: Visual }> } {
  const topic = topicOf(facts);
  const title = deckTitle(facts, topic);
  const n = Math.max(1, Math.min(count, MAX_SLIDES_PER_CALL));
  const slides: Array<OutlineSlide & { visual?: Visual }> = [{ title, bullets: [], notes: `Introduce the presentation on ${topic}. (Draft by the offline model.)` }];
  const bp = facts.kind ? BLUEPRINTS[facts.kind] : undefined;
  // a blueprint ends with its own closing slide (the ask, next steps, summary): no generic "Questions"
  const closing = n >= 3 && !bp;
  const content = Math.max(0, n - (closing ? 2 : 1));
  const fill = (s: string) => s.replaceAll('{t}', topic);
  const fromBp = (bp ?? []).slice(0, content).map(([t, b, visual]) => ({ title: fill(t), bullets: b.map(fill), notes: `Talk through ${fill(t).toLowerCase()}.`, ...(visual ? { visual } : {}) }));
  const seen = new Set(fromBp.map((x) => x.title.toLowerCase()));
  const extra = contentSlides(topic, content - fromBp.length, facts.text, [...seen]);
  // the blueprint's last slide (the ask, next steps…) closes the deck, after any generic extras
  const close = bp && fromBp.length === bp.length && extra.length ? fromBp.splice(-1) : [];
  slides.push(...fromBp, ...extra, ...close);
  if (closing) slides.push({ title: 'Questions', bullets: ['Thank you', `Discussion: ${topic}`], notes: 'Invite questions.' });
  return { title, slides: slides.slice(0, n) };
}

const DETAILS = [
  'What we know today and what we still need to confirm',
  'Owner and target date agreed with the team',
  'How we will measure progress',
  'Dependencies on other teams',
  'What changes for the people involved',
  'The first step we take next week',
];

/** A generic sub-point under each bullet, so that a text slide is not three short lines. */
function withDetails(bullets: string[], seed: string): string[] {
  const start = Math.floor(seededRandom(seed)() * DETAILS.length);
  // add_slides takes sub-points indented by two spaces
  return bullets.flatMap((b, k) => [b, `  ${DETAILS[(start + k) % DETAILS.length]!}`]);
}

/** A pricing table: plans, price per seat, what each includes. */
function pricingTable(seed: string): Record<string, unknown> {
  const rand = seededRandom(seed);
  const base = 10 + Math.round(rand() * 10);
  return {
    rows: [
      ['Plan', 'Price per seat / month', 'Seats', 'Support'],
      ['Starter', base, 'Up to 10', 'Email'],
      ['Team', base * 2 + 9, 'Up to 100', 'Email and chat'],
      ['Enterprise', 'Custom', 'Unlimited', 'Dedicated manager'],
    ],
    headerRow: true,
  };
}

function sampleTable(slideTitle: string, seed: string): Record<string, unknown> {
  if (/\b(pricing|prices|plans)\b/i.test(slideTitle)) return pricingTable(seed);
  const rand = seededRandom(seed);
  const rows: Array<Array<string | number>> = [['Item', 'Current', 'Target', 'Owner']];
  const owners = ['Operations', 'Finance', 'Product', 'Sales'];
  const items = ['Adoption', 'Cost per unit', 'Time to deliver', 'Customer satisfaction', 'Quality score', 'Team capacity'];
  const start = Math.floor(rand() * items.length);
  for (let i = 0; i < 4; i++) rows.push([items[(start + i) % items.length]!, Math.round(20 + rand() * 60), Math.round(60 + rand() * 40), owners[i]!]);
  return { rows, headerRow: true };
}

/** The categories a chart titled so would have: months for "by month", regions for "by region", stages for a pipeline… quarters otherwise. */
export function chartCategories(title: string): string[] {
  const t = title.toLowerCase();
  if (/\b(month|monthly)\b/.test(t)) return ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun'];
  if (/\b(year|yearly|annual)\b/.test(t)) {
    const y = new Date().getUTCFullYear();
    return [y - 3, y - 2, y - 1, y].map(String);
  }
  if (/\b(region|regions|regional)\b/.test(t)) return ['North', 'South', 'East', 'West'];
  if (/\b(pipeline|funnel|stage|stages)\b/.test(t)) return ['Lead', 'Qualified', 'Proposal', 'Negotiation', 'Won'];
  if (/\b(week|weekly)\b/.test(t)) return ['Week 1', 'Week 2', 'Week 3', 'Week 4'];
  return ['Q1', 'Q2', 'Q3', 'Q4'];
}

function sampleChart(topic: string, seed: string, type: string = 'column', series?: string): Record<string, unknown> {
  const rand = seededRandom(seed);
  const name = series ? capitalize(series) : 'Sample';
  const categories = chartCategories(topic);
  const values = categories.map(() => Math.round(20 + rand() * 80));
  // a funnel narrows from stage to stage
  if (/\b(pipeline|funnel|stage|stages)\b/i.test(topic)) values.sort((a, b) => b - a);
  return {
    type,
    title: `${series && !topic.toLowerCase().startsWith(series.toLowerCase()) ? `${name}: ` : ''}${capitalize(topic)} — sample data`,
    categories,
    series: [{ name, values }],
  };
}

/**
 * An explicit slide list in the prompt (what outlineToPrompt writes for an outline from
 * POST /slides/outline): "1. Title" lines, each followed by "- bullet" and "notes: …" lines.
 */
export function slideListFromPrompt(text: string): OutlineSlide[] | undefined {
  const slides: OutlineSlide[] = [];
  for (const line of text.split(/\r?\n/)) {
    const head = /^\s*(\d{1,2})[.)]\s+(.+?)\s*$/.exec(line);
    if (head) {
      slides.push({ title: head[2]!, bullets: [] });
      continue;
    }
    const current = slides[slides.length - 1];
    if (!current) continue;
    const bullet = /^\s+[-*•]\s+(.+?)\s*$/.exec(line);
    if (bullet) current.bullets.push(bullet[1]!);
    const notes = /^\s+notes:\s*(.+?)\s*$/i.exec(line);
    if (notes) current.notes = notes[1]!;
  }
  return slides.length >= 2 ? slides.slice(0, MAX_SLIDES_PER_CALL) : undefined;
}

function newDeckPlan(input: PlanInput): OfflinePlan {
  const facts = forFormat(parsePrompt(input.request), DECK_KINDS);
  const listed = slideListFromPrompt(input.request);
  const blueprint = facts.kind ? BLUEPRINTS[facts.kind] : undefined;
  const asked = listed?.length ?? facts.slides ?? (blueprint ? blueprint.length + 1 : 6);
  const count = Math.min(asked, MAX_SLIDES_PER_CALL);
  const outline: { title: string; slides: Array<OutlineSlide & { visual?: Visual }> } = listed ? { title: facts.title ?? listed[0]!.title, slides: listed } : deckPlanOutline(facts, count);
  const topic = topicOf(facts);
  const images = attachmentIds(input.attachments, 'image');
  const slides: Array<Record<string, unknown>> = outline.slides.map((s, i) => {
    if (i === 0) return { layout: 'title', title: s.title, subtitle: `${capitalize(topic)} — draft by the offline model`, notes: s.notes };
    return { layout: 'title-bullets', title: s.title, bullets: listed ? s.bullets : withDetails(s.bullets, `${facts.text}|${i}`), ...(s.notes ? { notes: s.notes } : {}) };
  });
  // visuals: one chart / table, or (plural: "charts", "tables") one on every few content slides
  let charts = 0;
  let tables = 0;
  const content = slides.map((_, i) => i).filter((i) => i > 0 && i < slides.length - (slides.length >= 3 ? 1 : 0));
  const wantCharts = facts.chartCount ?? (facts.wantsChart ? (facts.manyCharts ? Math.max(2, Math.round(content.length / 4)) : 1) : 0);
  const wantTables = facts.tableCount ?? (facts.wantsTable ? (facts.manyTables ? Math.max(2, Math.round(content.length / 4)) : 1) : 0);
  const types = facts.charts.map((c) => c.type).filter((t): t is NonNullable<typeof t> => !!t);
  const slots = content.length;
  const titleAt = (k: number): string => {
    const t = slides[k]?.title;
    return typeof t === 'string' ? t : topic;
  };
  // a blueprint's own visuals (a pitch deck's market chart, a QBR's KPI table)
  outline.slides.forEach((o, i) => {
    if (!o.visual || i === 0) return;
    const title = titleAt(i);
    if (o.visual === 'chart') {
      slides[i] = { ...slides[i], layout: 'chart', chart: sampleChart(title, `${facts.text}|bp${i}`, types[charts % Math.max(types.length, 1)] ?? 'column'), notes: 'The chart shows sample data generated by the offline model; replace it with real figures.' };
      charts++;
    } else {
      slides[i] = { ...slides[i], layout: 'table', table: sampleTable(title, `${facts.text}|bp${i}`), notes: 'The table holds sample data generated by the offline model; replace it with real figures.' };
      tables++;
    }
  });
  for (let k = charts; k < wantCharts && slots > 0; k++) {
    const at = content[Math.min(slots - 1, Math.floor(((k + 0.3) * slots) / Math.max(wantCharts, 1)) + (k === 0 ? 1 : 0))]!;
    if (slides[at]!.layout !== 'title-bullets') continue;
    const type = types.length ? types[k % types.length]! : 'column';
    const req = facts.charts[k % Math.max(facts.charts.length, 1)];
    // "a bar chart of bookings by region": the slide is about what the chart shows
    const named = req?.series[0] && req.by ? `${capitalize(req.series[0])} by ${req.by.toLowerCase()}` : undefined;
    const chart = sampleChart(named ?? titleAt(at), `${facts.text}|chart${k}`, type, req?.series[0]);
    if (named && !slides.some((sl) => typeof sl.title === 'string' && sl.title.toLowerCase() === named.toLowerCase())) {
      // the slide's points read the chart: the highest and lowest, and that the figures are samples
      const cats = chart.categories as string[];
      const vals = (chart.series as Array<{ values: number[] }>)[0]!.values;
      const hi = vals.indexOf(Math.max(...vals));
      const lo = vals.indexOf(Math.min(...vals));
      slides[at] = { ...slides[at], title: named, bullets: [`${cats[hi]} leads with ${vals[hi]}`, `${cats[lo]} is lowest at ${vals[lo]}`, `Sample figures: replace them with the real ${req!.series[0]!.toLowerCase()}`] };
    }
    slides[at] = { ...slides[at], layout: 'chart', chart, notes: 'The chart shows sample data generated by the offline model; replace it with real figures.' };
    charts++;
  }
  for (let k = tables; k < wantTables && slots > 0; k++) {
    let at = content[Math.min(slots - 1, Math.floor(((k + 0.7) * slots) / Math.max(wantTables, 1)))]!;
    while (at < slides.length - 1 && slides[at]!.layout !== 'title-bullets') at++;
    if (slides[at]?.layout !== 'title-bullets' || at === 0) continue;
    slides[at] = { ...slides[at], layout: 'table', table: sampleTable(titleAt(at), `${facts.text}|table${k}`), notes: 'The table holds sample data generated by the offline model; replace it with real figures.' };
    tables++;
  }
  // a table the prompt names by kind ("with a pricing table") that no slide holds yet: its own slide
  // before the closing one (in place of a generic content slide when the prompt fixed the count)
  if (/\bpricing\s+table\b/i.test(facts.text) && !slides.some((sl) => typeof sl.title === 'string' && /\bpricing\b/i.test(sl.title))) {
    const pricing = { layout: 'table', title: 'Pricing', table: pricingTable(`${facts.text}|pricing`), notes: 'Prices are sample data generated by the offline model; replace them with the real price list.' };
    const at = Math.max(1, slides.length - 1);
    if (facts.slides !== undefined || listed) {
      const generic = [...content].reverse().find((i) => slides[i]!.layout === 'title-bullets');
      if (generic !== undefined) {
        slides[generic] = pricing;
        tables++;
      }
    } else if (slides.length < MAX_SLIDES_PER_CALL) {
      slides.splice(at, 0, pricing);
      tables++;
    }
  }
  const chart = charts > 0;
  images.forEach((img, k) => {
    const at = Math.min(1 + k, slides.length - 1);
    if (at > 0) slides[at] = { ...slides[at], layout: 'image', imageId: img.id };
  });
  const batches: PlannedBatch[] = [[{ toolName: 'set_deck_properties', input: { title: outline.title } }]];
  for (let i = 0; i < slides.length; i += 10) batches.push([{ toolName: 'add_slides', input: { slides: slides.slice(i, i + 10) } }]);
  const capped = asked > MAX_SLIDES_PER_CALL ? ` ${asked} slides were asked for; at most ${MAX_SLIDES_PER_CALL} are added per call — resume the run to add more.` : '';
  return {
    batches,
    summary: `Built a ${slides.length}-slide deck "${outline.title}" on ${topic} (title slide, ${slides.length - 1} content slides${chart ? `, ${charts} chart${charts > 1 ? 's' : ''} of sample data` : ''}${tables ? `, ${tables} table${tables > 1 ? 's' : ''} of sample data` : ''}). Slide text is a generic draft written by the offline model.${capped} (offline model)`,
  };
}

function resumePlan(input: PlanInput, index: DeckIndex): OfflinePlan {
  const batches: PlannedBatch[] = [];
  const done: string[] = [];
  const slideAt = (ref: string) => {
    if (/^(the\s+)?last$/i.test(ref.trim())) return index.slides[index.slides.length - 1];
    if (/^(the\s+)?first$/i.test(ref.trim())) return index.slides[0];
    const n = toNumber(ref);
    if (n !== undefined) return index.slides[n - 1];
    const name = cleanName(ref).toLowerCase();
    return index.slides.find((s) => s.id === name || s.title.toLowerCase() === name);
  };
  let added = 0;
  const unknown: string[] = [];
  for (const clause of clauses(input.request)) {
    const before = batches.length;
    deckClause(clause);
    if (batches.length === before) unknown.push(clause);
  }
  function deckClause(clause: string): void {
    let m: RegExpExecArray | null;
    if ((m = /\b(?:change|set|update|rename)\s+the\s+title\s+of\s+slide\s+(\S+)\s+to\s+["“]?([^"”]+?)["”]?$/i.exec(clause) ?? /\brename\s+slide\s+(\S+)\s+to\s+["“]?([^"”]+?)["”]?$/i.exec(clause))) {
      const s = slideAt(m[1]!);
      if (s) {
        batches.push([{ toolName: 'update_slide', input: { id: s.id, title: m[2]!.trim() } }]);
        done.push(`retitled slide ${s.id} "${m[2]!.trim()}"`);
        return;
      }
    }
    if ((m = /\b(?:change|set|update)\s+the\s+(?:deck\s+|presentation\s+)?title\s+to\s+["“]?([^"”]+?)["”]?$/i.exec(clause))) {
      const calls: PlannedCall[] = [{ toolName: 'set_deck_properties', input: { title: m[1]!.trim() } }];
      const first = index.slides[0];
      if (first) calls.push({ toolName: 'update_slide', input: { id: first.id, title: m[1]!.trim() } });
      batches.push(calls);
      done.push(`changed the title to "${m[1]!.trim()}"`);
      return;
    }
    if ((m = /\b(?:delete|remove)\s+(?:the\s+)?slide\s+["“]?(.+?)["”]?$/i.exec(clause) ?? /\b(?:delete|remove)\s+the\s+(last|first)\s+slide$/i.exec(clause))) {
      const s = slideAt(m[1]!);
      if (s) {
        batches.push([{ toolName: 'delete_slide', input: { id: s.id } }]);
        done.push(`deleted slide ${s.id} ("${s.title}")`);
        return;
      }
    }
    if ((m = /\bmove\s+slide\s+(\S+)\s+to\s+(?:position\s+|the\s+)?(\w+)/i.exec(clause))) {
      const s = slideAt(m[1]!);
      const pos = m[2]!.toLowerCase() === 'end' ? index.slides.length : m[2]!.toLowerCase() === 'start' || m[2]!.toLowerCase() === 'beginning' ? 1 : toNumber(m[2]);
      if (s && pos) {
        batches.push([{ toolName: 'update_slide', input: { id: s.id, position: pos } }]);
        done.push(`moved slide ${s.id} to position ${pos}`);
        return;
      }
    }
    const add = new RegExp(`\\badd\\s+(?:a\\s+|an\\s+|another\\s+|(\\d{1,2}|${['two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'].join('|')})\\s+)?(?:new\\s+|more\\s+)?slides?(?:\\s+(?:about|on|for|titled|called|named|covering)\\s+["“]?(.+?)["”]?)?(?:\\s+(?:after|before)\\s+slide\\s+(\\S+))?$`, 'i').exec(clause);
    if (add) {
      const n = Math.max(1, toNumber(add[1] ?? '1') ?? 1);
      const room = 30 - added;
      const count = Math.min(n, room);
      if (count <= 0) return;
      const subject = add[2] ? cleanName(add[2]) : index.title ?? 'the topic';
      const after = add[3] ? slideAt(add[3]) : undefined;
      const position = after ? index.slides.indexOf(after) + 2 : undefined;
      const outline = contentSlides(subject, count, clause, index.slides.map((x) => x.title));
      const slides = (count === 1 && add[2] ? [{ title: titleCase(subject), bullets: [`Key points on ${subject}`, 'What it means for us', 'Next steps'], notes: `Talk about ${subject}.` }] : outline).map((s, k) => ({
        layout: 'title-bullets',
        title: s.title,
        bullets: withDetails(s.bullets, `${clause}|${k}`),
        ...(s.notes ? { notes: s.notes } : {}),
      }));
      batches.push([{ toolName: 'add_slides', input: { slides, ...(position ? { position } : {}) } }]);
      added += slides.length;
      done.push(`added ${slides.length} slide${slides.length > 1 ? 's' : ''}${add[2] ? ` about ${subject}` : ''}`);
      return;
    }
  }
  if (!batches.length) {
    return {
      batches,
      summary: `The offline model could not find an edit it understands in "${input.request.slice(0, 120)}"; the deck is unchanged. It understands: add N slides (about X), delete/move slide N, change the title (of slide N). (offline model)`,
    };
  }
  const skipped = unknown.length ? ` It did not understand "${unknown.join('", "').slice(0, 200)}" and left that undone.` : '';
  return { batches, summary: `${capitalize(done.join('; '))}. New slide text is a generic draft.${skipped} (offline model)` };
}

export function planDeck(input: PlanInput): OfflinePlan {
  if (input.memory?.index.kind === 'deck') return resumePlan(input, input.memory.index);
  return newDeckPlan(input);
}
