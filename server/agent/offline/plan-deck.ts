/** The offline model's plan for a deck (and the offline slide outline): slide count and subject from the prompt. */
import { MAX_SLIDES_PER_CALL } from '@/server/documents/deck/schema';
import type { DeckIndex } from '../types';
import { DECK_KINDS, forFormat, capitalize, cleanName, parsePrompt, seededRandom, titleCase, toNumber, topicOf, type PromptFacts } from './parse-prompt';
import { comparison, companyName, moduleCount, namedSlides, beforeList, wantsAgenda, wantsNotes } from './deck-details';
import { namedTable, namedTables, uncap } from './document-details';
import { attachmentIds, clauses, type OfflinePlan, type PlannedBatch, type PlannedCall, type PlanInput } from './plan-types';

export interface OutlineSlide {
  title: string;
  bullets: string[];
  notes?: string;
}

const TOPICS: Array<[string, string[]]> = [
  ['Why {t} matters', ['The problem {t} solves|Described the way the people affected would say it', 'Who benefits|The groups that gain, and how much', 'What success looks like|The measure we will hold ourselves to']],
  ['Goals', ['Clear, measurable objectives for {t}|Each with a number and a date', 'Agreed owners|One name per objective', 'A realistic timeline|With the milestones that show progress']],
  ['Current situation', ['Where {t} stands today|The facts, with one or two figures', 'What works well|What to keep as it is', 'What needs to change|The gaps, in order of impact']],
  ['How it works', ['The main steps of {t}|From the first request to the result', 'Tools and resources|What each step relies on', 'Hand-offs between teams|Where work changes hands, and who checks it']],
  ['Key steps', ['Prepare|Plan, people and materials ready', 'Launch|Start small, then widen', 'Review and improve|Look at the results and adjust']],
  ['Roles and responsibilities', ['Who leads {t}|One accountable owner', 'Who contributes|The teams and what each provides', 'Who is kept informed|And how often they hear from us']],
  ['Timeline', ['First 30 days|Learn, meet people and set priorities', 'Days 30–60|Deliver the first results', 'Days 60–90|Scale what works']],
  ['Metrics', ['Leading indicators for {t}|Early signs that we are on track', 'Outcome measures|The results that matter in the end', 'How often we review them|And who looks at them']],
  ['Risks and mitigations', ['Main risks for {t}|Ranked by likelihood and impact', 'Early warning signs|What we watch so we act in time', 'Mitigation owners|One name per risk']],
  ['Best practices', ['Keep it simple|Fewer steps, fewer mistakes', 'Communicate early|Surprises cost more than bad news', 'Measure and adjust|Decide with data, review often']],
  ['Resources', ['Documentation|Where the guides live', 'Training|Sessions and self-paced material', 'Points of contact|Who to ask, by topic']],
  ['Budget', ['Main cost items|People, tools and services', 'Expected return|Savings or revenue, and when', 'Approval steps|Who signs off, and by when']],
  ['Lessons learned', ['What went well|Worth repeating next time', 'What to avoid|What cost us time or money', 'What to try next|One change for the next round']],
  ['Market overview', ['Size and trend of the market for {t}|Value today and yearly growth', 'Main segments|Who buys, and why', 'What is changing|Trends that open or close doors']],
  ['Customer needs', ['What customers expect from {t}|In their own words', 'Pain points today|What frustrates them most', 'How we will know we met them|The feedback and figures we track']],
  ['Competitive landscape', ['Main alternatives to {t}|Including doing nothing', 'Where we differ|What we do that others do not', 'Where we must catch up|Gaps customers notice']],
  ['Our approach', ['Principles behind {t}|The rules we decide by', 'What we will do first|The quickest useful result', 'What we will not do|And why we leave it out']],
  ['Roadmap', ['Now|What is being built this quarter', 'Next|The next milestone and its date', 'Later|What follows, with target dates']],
  ['Pricing and packaging', ['How {t} is offered|Editions and what each includes', 'Options considered|With their pros and cons', 'Recommendation|The option we propose, and why']],
  ['Go-to-market', ['Target audience for {t}|Who we reach first', 'Channels|Where they will hear about it', 'Launch plan|Dates, owners and the first goal']],
  ['Team and capacity', ['Who works on {t}|Teams and how many people', 'Skills we need|Where we are short today', 'Hiring plan|Roles and timing']],
  ['Case study', ['The situation|Where things stood before', 'What we did for {t}|The steps we took', 'The result|The outcome, with a figure']],
  ['Financial outlook', ['Costs of {t}|One-off and running costs', 'Expected benefits|Savings or revenue each year', 'Break-even view|When the benefits cover the costs']],
  ['Operations', ['Processes behind {t}|The main steps and their owners', 'Service levels|What we promise, and how we do against it', 'Improvements planned|What changes next, and when']],
  ['Technology', ['Systems that support {t}|What we run today', 'Integration points|Where systems exchange data', 'Technical risks|What could fail, and the fallback']],
  ['Partnerships', ['Partners for {t}|Who they are', 'What each brings|Reach, skills or technology', 'How we work together|Contacts, meetings and shared goals']],
  ['Customer feedback', ['What users say about {t}|The main comments, in their words', 'Recurring themes|What comes up again and again', 'Actions taken|What we changed because of it']],
  ['Decisions needed', ['Decision 1: scope of {t}|What is in and what is out', 'Decision 2: budget|The amount and where it goes', 'Decision 3: timing|When we start and finish']],
  ['Summary', ['Key messages on {t}|The three points to remember', 'What we ask for|Support, budget or a decision', 'What happens next|The next step and its date']],
  ['Next steps', ['Confirm owners and dates|One name and one date per action', 'Share this plan|With everyone who takes part', 'Schedule the first review|And what we will look at then']],
];

/** `count` distinct content slides on a topic (no repeated titles up to TOPICS.length). */
/** "Why {t} matters" with the verb agreeing: "Why Q3 results matter", "Why GDPR matters". */
export function fillTopic(topic: string): (s: string) => string {
  // the head noun: the last word before "for / of / in …" ("onboarding for new nurses" → onboarding)
  const head = topic.split(/\s+(?:for|of|in|on|at|with|to|from|by|about)\s+/i)[0]!.split(/\s+/).pop() ?? '';
  // "onboarding new engineers", "hiring engineers": an activity, one thing ("matters")
  const activity = /^[a-z]+ing\b/i.test(topic.trim()) && !/^(?:things|kings|wings|rings|buildings|earnings|savings|findings|meetings|settings|listings|holdings)\b/i.test(topic.trim());
  const plural = !activity && /[^s']s$/i.test(head) && !/(ss|us|is|ics|news)$/i.test(head);
  return (s: string) => s.replaceAll('{t} matters', plural ? `${topic} matter` : `${topic} matters`).replaceAll('{t}', topic);
}

export function contentSlides(topic: string, count: number, seed: string, exclude: string[] = []): OutlineSlide[] {
  const fill = fillTopic(topic);
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
    ['The problem', ['Who has the problem {t} solves|The customer in one sentence, and how many there are', 'What it costs them today|In time, money or risk, with one figure', 'Why now|What changed in the market, the rules or the technology']],
    ['Our solution', ['What {t} does|The product in one line, in the customer\'s words', 'How it works|Three steps from sign-up to value', 'Why it is better|The one thing alternatives cannot match']],
    ['Market size', ['Total addressable market|Everyone who could buy, in revenue per year', 'Serviceable market|The part our product and channels reach', 'Our first segment|Where we win first, and why'], 'chart'],
    ['Business model', ['How we charge|Subscription, usage or licence, and the price', 'Unit economics|Cost to win a customer against what they bring', 'Path to margin|What improves as volume grows']],
    ['Traction', ['Customers and pilots|Paying customers, pilots and letters of intent', 'Growth month over month|Revenue or usage, with the trend', 'Retention|How many customers stay after a year'], 'chart'],
    ['Competition', ['Alternatives today|What customers use now, including doing nothing', 'Our edge|Where we are clearly better', 'Barriers to entry|What makes it hard to copy'], 'table'],
    ['Team', ['Founders|Who they are and why they can win here', 'Key hires|The roles the plan depends on', 'Advisors|Who opens doors and checks our thinking']],
    ['Financials', ['Revenue plan|Three years, with the main assumption', 'Costs|People first, then infrastructure and sales', 'Break-even|When, and at what revenue'], 'chart'],
    ['The ask', ['Amount raised|The round, and the runway it gives', 'Use of funds|Product, hiring and sales, as shares', 'Milestones it buys|What we will have proven by the next round']],
  ],
  qbr: [
    ['Agenda', ['Highlights', 'Results', 'Next quarter']],
    ['Highlights', ['Top wins of the quarter|The results to remember', 'What changed|Since the last review: people, plans, market', 'Customer feedback|What customers told us, in their words']],
    ['KPIs against target', ['Revenue|Against target and last quarter', 'Customers|New, lost and net', 'Satisfaction|The score and the main reason behind it'], 'table'],
    ['Revenue by month', ['Trend over the quarter|Which month led, and why', 'Drivers|The products and accounts behind the change', 'Outlook|What we expect next quarter'], 'chart'],
    ['Pipeline', ['Deals by stage|Where the value sits today', 'Expected closes|Deals likely to close this quarter', 'Risks|Deals that could slip, and what would save them'], 'chart'],
    ['Challenges', ['What did not go to plan|The gap, and its size', 'Root causes|Why it happened', 'Fixes in place|What we changed, and when it shows']],
    ['Priorities next quarter', ['Priority 1|The most important result, with its owner', 'Priority 2|A result we commit to, with its measure', 'Priority 3|What we stop or delay to make room']],
    ['Asks and decisions', ['Support needed|People, budget or help from other teams', 'Decisions for this meeting|What we need agreed today', 'Owners|Who follows up on each decision']],
  ],
  'project-update': [
    ['Summary', ['Where {t} stands|Progress against plan in one line', 'Overall status|On track, at risk or late, and why', 'What needs attention|The one issue leaders should know about']],
    ['Status by workstream', ['On track|Workstreams moving as planned', 'At risk|What could slip, and the recovery plan', 'Late|What slipped, and the new date'], 'table'],
    ['Milestones', ['Done|Milestones reached since the last update', 'Next|The next milestone and its date', 'Later|What follows, with target dates'], 'table'],
    ['Progress', ['Work completed per week|Planned against done', 'Burn-down|Work left against time left', 'Forecast|The finish date at the current pace'], 'chart'],
    ['Risks and issues', ['Top risks|Likelihood and impact of each', 'Mitigations|What we do to reduce each one', 'Owners|Who follows up on each decision']],
    ['Decisions needed', ['Decision 1|What we need decided, and the options', 'Decision 2|Its cost or effect on the plan', 'By when|The date after which the plan slips']],
    ['Next steps', ['This week|The tasks under way now', 'Next week|What starts next', 'Before the next update|What we expect to report']],
  ],
  training: [
    ['Agenda', ['Introduction', 'Modules', 'Exercise and quiz']],
    ['Learning objectives', ['By the end you will know {t}|The key ideas and the words we use for them', 'You will be able to apply it|In the situations you meet at work', 'You will know where to get help|Who to ask and where to look']],
    ['Module 1: the basics', ['Key terms|The words we use and what they mean', 'Why {t} matters|What goes wrong without it', 'Common mistakes|And how to avoid them']],
    ['Module 2: in practice', ['Step by step|The process from start to finish', 'Tools|What to use at each step', 'Examples|A real case walked through']],
    ['Module 3: going further', ['Advanced cases|Situations that need judgement', 'Tips|Shortcuts from people who do it every day', 'Checklist|What to check before you finish']],
    ['Exercise', ['The scenario|A situation you might meet at work', 'Your task|What to decide or produce', 'Time: 15 minutes|Then we compare answers']],
    ['Quiz', ['Question 1|On the key terms', 'Question 2|On the steps', 'Question 3|On a real case']],
    ['Summary', ['What we covered|The three points to remember', 'What to do next|One thing to try this week', 'Resources|Where to find guides and help']],
  ],
};

/** Deterministic outline: a title slide, content slides on the subject (a blueprint's when the prompt asks for one), a closing slide. */
export function deckOutline(facts: PromptFacts, count: number): { title: string; slides: OutlineSlide[] } {
  const f = forFormat(facts, DECK_KINDS);
  const named = namedSlides(f.text, f.sections);
  const modules = moduleCount(f.text);
  const o = deckPlanOutline(f, count, { topic: textTopic(f, beforeList(f.text, named.via)), names: named.names, ...(modules ? { modules } : {}) });
  return { title: o.title, slides: o.slides.map((x) => ({ title: x.title, bullets: x.bullets.map(pointOf), ...(x.notes ? { notes: x.notes } : {}) })) };
}

/** What a deck of a kind is called, and the words that already say so in a topic. */
const KIND_TITLES: Partial<Record<NonNullable<PromptFacts['kind']>, [RegExp, string]>> = {
  pitch: [/\bpitch\b/i, 'Pitch'],
  qbr: [/\bqbr\b|\bbusiness review\b/i, 'Quarterly Business Review'],
  'project-update': [/\b(project|status) update\b|\bupdate\b|\bstatus\b/i, 'Project Update'],
  training: [/\btraining\b/i, 'Training'],
};

/**
 * A deck's title: the topic the prompt gives ("Series A pitch for a B2B invoicing startup"), with
 * the kind of deck when the topic does not say it ("Cybersecurity Awareness — Training").
 */
export function deckTitle(facts: PromptFacts, topic: string): string {
  if (facts.title) return facts.title;
  // "a pitch deck for a meal-kit startup called FreshBox": the company's pitch
  const name = facts.kind === 'pitch' ? companyName(facts.text) : undefined;
  if (name) return `${name} — Pitch`;
  let t = titleCase(topic.replace(/^(our|my|your|their|the)\s+/i, '').replace(/^(?:(?:one|two|three|\d+)[- ]slides?|short|brief|quick)\s+/i, ''));
  // "quarterly business review …": "quarterly" was read as a period, the title keeps it
  if (facts.kind === 'qbr' && /^business review\b/i.test(t) && /\bquarterly business review\b/i.test(facts.text)) t = `Quarterly ${t}`;
  const kind = facts.kind ? KIND_TITLES[facts.kind] : undefined;
  if (!kind || kind[0].test(t) || /^the requested topic$/i.test(topic)) return /^the requested topic$/i.test(topic) && kind ? kind[1] : t;
  return `${t} — ${kind[1]}`;
}

/** closing: the deck's closing "Questions" slide, shown like the title slide (a title and a line, not two short bullets) */
type OutlineEntry = OutlineSlide & { visual?: Visual; generic?: boolean; keep?: boolean; closing?: boolean };

const CLOSING = /^(next steps|summary|conclusions?|recommendations?|questions|q&a|the ask|wrap[- ]up|thank you|asks and decisions|decisions needed)$/i;
const MODULE_NAMES = ['the basics', 'in practice', 'going further', 'common scenarios', 'tools and resources', 'advanced cases', 'case studies', 'putting it together', 'working with others', 'quality checks', 'special cases', 'troubleshooting', 'tips and shortcuts', 'measuring success', 'staying up to date', 'review and practice', 'questions from the field', 'recap'];

/** The points of training module k (the first three as in the blueprint), so that no two modules read the same. */
const MODULE_POINTS: string[][] = [
  ['Key terms|The words we use and what they mean', 'Why {t} matters|What goes wrong without it', 'Common mistakes|And how to avoid them'],
  ['Step by step|The process from start to finish', 'Tools|What to use at each step', 'Examples|A real case walked through'],
  ['Advanced cases|Situations that need judgement', 'Tips|Shortcuts from people who do it every day', 'Checklist|What to check before you finish'],
  ['What to look for|The signs that matter most', 'A worked example|One case from start to finish', 'Questions to ask|To check your understanding'],
  ['Common scenarios|The situations that come up most often', 'What good looks like|An example to copy', 'Pitfalls|What catches people out'],
  ['Tools and templates|What saves time', 'Who to involve|And when to ask for help', 'A quick check|Three questions before you finish'],
  ['Edge cases|When the usual rules do not fit', 'Judgement calls|How to decide when it is unclear', 'Escalation|Who decides, and how fast'],
  ['Working with others|Hand-offs and shared tasks', 'Communication|What to say, and to whom', 'Follow-up|Closing the loop'],
  ['Measuring results|How you know it worked', 'Feedback|How to ask for it and use it', 'Improving|One change at a time'],
];

/** A training blueprint with `n` module slides in place of its three. */
function trainingBlueprint(n: number): Array<[string, string[], Visual?]> {
  const bp = BLUEPRINTS.training!;
  const modules = Array.from({ length: n }, (_, k): [string, string[]] => [`Module ${k + 1}: ${MODULE_NAMES[k % MODULE_NAMES.length]!}`, MODULE_POINTS[k % MODULE_POINTS.length]!]);
  return [...bp.filter(([t]) => !/^Module /.test(t)).slice(0, 2), ...modules, ...bp.filter(([t]) => !/^Module /.test(t)).slice(2)];
}

/** A slide the prompt names: a blueprint's or a stock slide's points when its title matches, else generic points on it. */
function namedSlide(name: string, topic: string, bp: Array<[string, string[], Visual?]> | undefined): OutlineEntry {
  const key = name.toLowerCase();
  const fill = fillTopic(topic);
  const words = (x: string) => new RegExp(`\\b${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'i').test(x);
  const fromBp = bp?.find(([t]) => t.toLowerCase() === key) ?? bp?.find(([t]) => words(t));
  const title = capitalize(name);
  if (fromBp) return { title, bullets: fromBp[1].map(fill), notes: `Talk through ${key}.`, keep: true, ...(fromBp[2] ? { visual: fromBp[2] } : {}) };
  const stock = TOPICS.find(([t]) => t.toLowerCase() === key) ?? TOPICS.find(([t]) => words(t));
  if (stock) return { title, bullets: stock[1].map(fill), notes: `Talk through ${key} for ${topic}.`, keep: true };
  const safe = title.replace(/\|/g, '/');
  return { title, bullets: [`${safe}: where we stand today|The facts, with one or two figures`, `What it means for ${topic.replace(/\|/g, '/')}|The effect on plans, people and budget`, 'What we propose next|The next step, its owner and date'], notes: `Talk through ${key} for ${topic}.`, keep: true };
}

export interface OutlineOptions {
  /** the subject the slide text speaks of (the deck title's topic by default) */
  topic?: string;
  /** slide names the prompt gives, in order */
  names?: string[];
  /** training modules asked for */
  modules?: number;
}

function deckPlanOutline(facts: PromptFacts, count: number, opts: OutlineOptions = {}): { title: string; slides: OutlineEntry[] } {
  const topic = opts.topic ?? topicOf(facts);
  const title = deckTitle(facts, topicOf(facts));
  const n = Math.max(1, Math.min(count, MAX_SLIDES_PER_CALL));
  const slides: OutlineEntry[] = [{ title, bullets: [], notes: `Introduce the presentation on ${topic}. (Draft by the offline model.)` }];
  let bp = facts.kind ? BLUEPRINTS[facts.kind] : undefined;
  const fill = fillTopic(topic);
  if (opts.names?.length) {
    // the slides the prompt names, in its order; more slides asked for: generic ones before a closing name
    const named = opts.names.slice(0, n - 1).map((x) => namedSlide(x, topic, bp));
    const pad = Math.max(0, n - 1 - named.length);
    const close = named.length > 1 && CLOSING.test(named[named.length - 1]!.title) ? named.splice(-1) : [];
    const extra = contentSlides(topic, Math.max(0, pad - (close.length ? 0 : 1)), facts.text, named.map((x) => x.title)).map((x) => ({ ...x, generic: true }));
    slides.push(...named, ...extra, ...close);
    if (pad > 0 && !close.length) slides.push({ title: 'Questions', bullets: ['Thank you', `Discussion: ${topic}`], notes: 'Invite questions.', closing: true });
    return { title, slides: slides.slice(0, n) };
  }
  if (facts.kind === 'training' && bp) {
    // more slides than the blueprint holds: more modules, not generic filler after the quiz
    const room = n - 1 - bp.length;
    bp = trainingBlueprint(opts.modules ?? Math.max(1, 3 + room));
  }
  // a blueprint ends with its own closing slide (the ask, next steps, summary): no generic "Questions"
  const closing = n >= 3 && !bp;
  const content = Math.max(0, n - (closing ? 2 : 1));
  const all = (bp ?? []).map(([t, b, visual]): OutlineEntry => ({ title: fill(t), bullets: b.map(fill), notes: `Talk through ${fill(t).toLowerCase()}.`, ...(visual ? { visual } : {}) }));
  // fewer slides than the blueprint: its first ones and its closing one
  const fromBp = all.length > content ? (content >= 3 ? [...all.slice(0, content - 1), all[all.length - 1]!] : all.slice(0, content)) : all;
  const seen = new Set(fromBp.map((x) => x.title.toLowerCase()));
  const extra = contentSlides(topic, content - fromBp.length, facts.text, [...seen]).map((x) => ({ ...x, generic: true }));
  // the blueprint's closing slides (the ask, next steps…; a training's exercise, quiz and summary) close the deck, after any generic extras
  const close = bp && fromBp.length === all.length && extra.length ? fromBp.splice(facts.kind === 'training' ? -3 : -1) : [];
  slides.push(...fromBp, ...extra, ...close);
  if (closing) slides.push({ title: 'Questions', bullets: ['Thank you', `Discussion: ${topic}`], notes: 'Invite questions.', closing: true });
  return { title, slides: slides.slice(0, n) };
}

/**
 * The stock points carry their own sub-point after a "|" ("Key terms|The words we use and what they
 * mean"): shown indented under the point. A point without one stands alone; no generic filler.
 */
function withDetails(bullets: string[]): string[] {
  // add_slides takes sub-points indented by two spaces
  return bullets.flatMap((b) => {
    const [point, sub] = b.split('|');
    return sub ? [point!, `  ${sub}`] : [point!];
  });
}

/** A stock point without its sub-point. */
const pointOf = (b: string) => b.split('|')[0]!;

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

/** A month a few months from now, "Mar 2027", for sample dates in a table. */
function monthFromNow(k: number): string {
  const d = new Date();
  const m = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + k, 1));
  return `${MONTHS[m.getUTCMonth()]} ${m.getUTCFullYear()}`;
}

/** A table that fits what the slide is about (competition, workstreams, milestones, KPIs, pricing…). */
function sampleTable(slideTitle: string, seed: string): Record<string, unknown> {
  if (/\b(pricing|prices|plans)\b/i.test(slideTitle)) return pricingTable(seed);
  const rand = seededRandom(seed);
  const pct = (lo: number, hi: number) => Math.round(lo + rand() * (hi - lo));
  if (/\b(competition|competitors?|competitive|alternatives)\b/i.test(slideTitle)) {
    return {
      rows: [
        ['', 'Us', 'Alternative A', 'Alternative B'],
        ['Price', 'Mid', 'High', 'Low'],
        ['Time to set up', 'Days', 'Months', 'Weeks'],
        ['Integrations', 'Many', 'Some', 'Few'],
        ['Support', 'Included', 'Paid', 'Community'],
      ],
      headerRow: true,
    };
  }
  if (/\b(workstreams?|status)\b/i.test(slideTitle)) {
    return {
      rows: [
        ['Workstream', 'Owner', 'Status', 'Next milestone'],
        ['Design', 'Product', 'On track', monthFromNow(1)],
        ['Build', 'Engineering', 'At risk', monthFromNow(2)],
        ['Testing', 'Quality', 'On track', monthFromNow(3)],
        ['Rollout', 'Operations', 'Not started', monthFromNow(4)],
      ],
      headerRow: true,
    };
  }
  if (/\b(milestones?|timeline|roadmap|schedule)\b/i.test(slideTitle)) {
    return {
      rows: [
        ['Milestone', 'Date', 'Status'],
        ['Kick-off', monthFromNow(-2), 'Done'],
        ['Design approved', monthFromNow(-1), 'Done'],
        ['First release', monthFromNow(1), 'Next'],
        ['Full rollout', monthFromNow(3), 'Later'],
      ],
      headerRow: true,
    };
  }
  if (/\b(kpis?|metrics|targets?|scorecard)\b/i.test(slideTitle)) {
    const rev = pct(800, 1200);
    return {
      rows: [
        ['KPI', 'Actual', 'Target', 'Status'],
        ['Revenue (k)', rev, Math.round(rev * 1.05), 'Below target'],
        ['New customers', pct(40, 60), 50, 'On track'],
        ['Churn %', `${(1 + rand() * 2).toFixed(1)}%`, '2.0%', 'On track'],
        ['Satisfaction (NPS)', pct(30, 50), 45, 'Watch'],
      ],
      headerRow: true,
    };
  }
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
  if (/\bmarket (size|sizing|opportunity)\b/.test(t)) return ['TAM', 'SAM', 'SOM'];
  if (/\b(week|weekly)\b/.test(t)) return ['Week 1', 'Week 2', 'Week 3', 'Week 4'];
  return ['Q1', 'Q2', 'Q3', 'Q4'];
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The months of a period the prompt gives ("Q1 2027" → Jan–Mar), for a chart by month; undefined when none or over a year. */
function periodMonths(range: PromptFacts['range']): string[] | undefined {
  if (!range?.from.month || !range.to.month) return undefined;
  const n = (range.to.year - range.from.year) * 12 + range.to.month - range.from.month + 1;
  if (n < 2 || n > 12) return undefined;
  return Array.from({ length: n }, (_, k) => MONTHS[(range.from.month! - 1 + k) % 12]!);
}

function sampleChart(topic: string, seed: string, type: string = 'column', series?: string, months?: string[]): Record<string, unknown> {
  const rand = seededRandom(seed);
  const name = series ? capitalize(series) : 'Sample';
  const categories = months && /\b(month|monthly)\b/i.test(topic) ? months : chartCategories(topic);
  const values = categories.map(() => Math.round(20 + rand() * 80));
  // a funnel narrows from stage to stage, and so does a market from TAM to SOM
  if (/\b(pipeline|funnel|stage|stages)\b|\bmarket (size|sizing|opportunity)\b/i.test(topic)) values.sort((a, b) => b - a);
  // growth, traction, a revenue plan or progress rise over time
  else if (/\b(growth|growing|traction|financials|revenue plan|forecast|progress|adoption|users)\b/i.test(topic)) values.sort((a, b) => a - b);
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

/** The subject slide text speaks of: the company of a pitch, the title when the prompt gives no subject, no "introducing …". */
function textTopic(facts: PromptFacts, prefix?: string): string {
  let t = prefix ? topicOf(parsePrompt(prefix)) : topicOf(facts);
  if (facts.kind === 'pitch') t = companyName(facts.text) ?? t.replace(/^(?:(?:investor|series\s+\w+|seed|startup)\s+)*pitch\s+(?:for|of|on)\s+/i, '');
  if (/^(presentation|deck|slides?|slide deck|the requested topic|talk)$/i.test(t) && facts.title) t = facts.title;
  return t.replace(/^(?:introducing|presenting|announcing|explaining)\s+(?:our\s+)?/i, (m) => (/our/i.test(m) ? 'the ' : ''));
}

type PlannedSlide = Record<string, unknown> & { _g?: boolean; _keep?: boolean };

function newDeckPlan(input: PlanInput): OfflinePlan {
  const parsed = forFormat(parsePrompt(uncap(input.request)), DECK_KINDS);
  // "a project status deck", "programme status report slides": a project update
  const facts: PromptFacts = !parsed.kind && /\b(?:project|programme|program)\s+status\b|\bstatus\s+(?:report|deck|review|slides|presentation)\b/i.test(parsed.text) ? { ...parsed, kind: 'project-update' } : parsed;
  const listed = slideListFromPrompt(input.request);
  const blueprint = facts.kind ? BLUEPRINTS[facts.kind] : undefined;
  const named = listed ? { names: [] } : namedSlides(facts.text, facts.sections);
  const prefix = beforeList(facts.text, named.via);
  // "slides for a board meeting covering A, B and C": the deck is on the board meeting
  // "summarising the results of our employee survey": the subject runs on over "of"
  const ofTail = new RegExp(`^(?:(?:summari[sz]ing|presenting|reviewing|explaining|introducing|showing|covering)\\s+)?(.*\\b${facts.subject.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').split(/\s+/).pop() ?? ''})\\s+of\\s+((?:the\\s+|our\\s+|an?\\s+)?[\\w'-]+(?:\\s+(?!with\\b|for\\b|and\\b|in\\b|including\\b)[\\w'-]+){0,3})`, 'i').exec(facts.subject.length > 2 ? facts.text.slice(facts.text.toLowerCase().indexOf(facts.subject.toLowerCase())) : '');
  if (ofTail && facts.subject.split(/\s+/).length <= 4 && !/\bof\b/i.test(facts.subject)) facts.subject = `${facts.subject.replace(/^(?:summari[sz]ing|presenting|reviewing|explaining|showing|covering)\s+/i, '')} of ${ofTail[2]!}`;
  else facts.subject = facts.subject.replace(/^(?:summari[sz]ing|presenting|reviewing|explaining|showing|covering)\s+(?:the\s+)?/i, '');
  // "a presentation comparing iOS and Android": the deck is on the comparison
  const cmpEarly = comparison(facts.text);
  if (cmpEarly && !facts.title && [cmpEarly.left, cmpEarly.right].some((x) => x.toLowerCase() === facts.subject.toLowerCase())) facts.subject = `${cmpEarly.left} vs ${cmpEarly.right}`;
  // "the pros and cons of remote work": a deck on remote work, titled so
  const pair = /\b(pros and cons|advantages and disadvantages|benefits and risks|costs and benefits|benefits and drawbacks)\s+of\s+(?:the\s+|our\s+)?(.+?)(?=\s+(?:with|in|for|including)\b|\s*[,.;:]|\s*$)/i.exec(facts.text);
  const cmpYears = comparison(facts.text) ? [...facts.text.matchAll(/\b(?:19|20)\d\d\b(?=\s+(?:vs\.?|versus)\b)|(?<=\b(?:vs\.?|versus)\s+)(?:19|20)\d\d\b/gi)].map((m) => m[0]) : [];
  if (cmpYears.length) facts.subject = facts.subject.replace(new RegExp(`\\s*(?:${cmpYears.join('|')})(?:[–-](?:${cmpYears.join('|')}))?`, 'g'), '').trim() || facts.subject;
  const factsForTitle = pair && !facts.title ? { ...facts, title: `${titleCase(pair[2]!)}: ${titleCase(capitalize(pair[1]!.toLowerCase()))}` } : prefix && !facts.title ? { ...facts, subject: parsePrompt(prefix).subject } : facts;
  const topic = pair ? pair[2]! : textTopic(facts, prefix);
  // an outline given (POST /slides/outline, edited) is built exactly as it is: no slide added
  const agenda = !listed && wantsAgenda(facts.text) && !named.names.some((x) => /^agenda$/i.test(x));
  const modules = moduleCount(facts.text);
  const bpLength = facts.kind === 'training' && modules ? trainingBlueprint(modules).length : blueprint?.length;
  const asked = listed?.length ?? facts.slides ?? (named.names.length ? named.names.length + 1 + (agenda ? 1 : 0) : bpLength ? bpLength + 1 : 6);
  const count = Math.min(asked, MAX_SLIDES_PER_CALL);
  const outline: { title: string; slides: OutlineEntry[] } = listed ? { title: facts.title ?? listed[0]!.title, slides: listed } : deckPlanOutline(factsForTitle, count - (agenda && named.names.length && facts.slides === undefined ? 1 : 0), { topic, names: named.names, ...(modules ? { modules } : {}) });
  const images = attachmentIds(input.attachments, 'image');
  let slides: PlannedSlide[] = outline.slides.map((s, i) => {
    if (i === 0) return { layout: 'title', title: s.title, subtitle: `${capitalize(facts.kind === 'pitch' && companyName(facts.text) ? topicOf(facts) : topic)} — draft by the offline model`, notes: s.notes };
    if ('closing' in s && s.closing) return { layout: 'title', title: s.title, subtitle: `Thank you — ${topic}`, notes: s.notes };
    return { layout: 'title-bullets', title: s.title, bullets: listed ? s.bullets : withDetails(s.bullets), ...(s.notes ? { notes: s.notes } : {}), ...(s.generic ? { _g: true } : {}), ...(s.keep ? { _keep: true } : {}) };
  });
  // with a slide count (or a slide list) a slide the prompt asks for takes a generic slide's place; else it is added
  const fixed = facts.slides !== undefined || !!listed;
  const place = (slide: PlannedSlide): void => {
    if (fixed) {
      let at = slides.findLastIndex((s, i) => i > 0 && s._g === true);
      if (at < 0) at = slides.findLastIndex((s, i) => i > 0 && i < slides.length - 1 && s.layout === 'title-bullets' && !s._keep && !/^agenda$/i.test(String(s.title)));
      if (at >= 0) slides.splice(at, 1);
      else if (slides.length >= MAX_SLIDES_PER_CALL) return;
    } else if (slides.length >= MAX_SLIDES_PER_CALL) return;
    slides.splice(slides.length >= 3 ? slides.length - 1 : slides.length, 0, slide);
  };
  // visuals: one chart / table, or (plural: "charts", "tables") one on every few content slides
  let charts = 0;
  let tables = 0;
  const contentAt = () => slides.map((_, i) => i).filter((i) => i > 0 && i < slides.length - (slides.length >= 3 ? 1 : 0));
  const slots = contentAt().length;
  const wantCharts = facts.chartCount ?? (facts.wantsChart ? (facts.manyCharts ? Math.max(2, Math.round(slots / 4)) : 1) : 0);
  const wantTables = facts.tableCount ?? (facts.wantsTable ? (facts.manyTables ? Math.max(2, Math.round(slots / 4)) : 1) : 0);
  const types = facts.charts.map((c) => c.type).filter((t): t is NonNullable<typeof t> => !!t);
  const namedCharts = facts.charts.filter((c) => c.series.length > 0);
  // a chart type asked for a named chart is that chart's; the blueprint's own charts take the others
  const bpTypes = namedCharts.length ? facts.charts.filter((c) => !c.series.length).map((c) => c.type).filter((t): t is NonNullable<typeof t> => !!t) : types;
  const titleAt = (k: number): string => {
    const t = slides[k]?.title;
    return typeof t === 'string' ? t : topic;
  };
  // a blueprint's own visuals (a pitch deck's market chart, a QBR's KPI table)
  outline.slides.forEach((o, i) => {
    if (!('visual' in o) || !o.visual || i === 0) return;
    const title = titleAt(i);
    if (o.visual === 'chart') {
      slides[i] = { ...slides[i], layout: 'chart', chart: sampleChart(title, `${facts.text}|bp${i}`, bpTypes[charts % Math.max(bpTypes.length, 1)] ?? 'column', undefined, periodMonths(facts.range)), notes: 'The chart shows sample data generated by the offline model; replace it with real figures.' };
      charts++;
    } else {
      slides[i] = { ...slides[i], layout: 'table', table: sampleTable(title, `${facts.text}|bp${i}`), notes: 'The table holds sample data generated by the offline model; replace it with real figures.' };
      tables++;
    }
  });
  // "a bar chart of bookings by region": a slide about what the chart shows, with that chart
  namedCharts.forEach((req, k) => {
    // "monthly active users": a series that says its period runs over it
    const own = /^(monthly|weekly|quarterly|annual|yearly|daily)\b/i.exec(req.series[0]!)?.[1]?.toLowerCase();
    const by = req.by?.toLowerCase() ?? (own ? undefined : (facts.dims.find((d) => d === 'month' || d === 'quarter' || d === 'year' || d === 'week' || d === 'region') ?? 'quarter'));
    const name = by ? `${capitalize(req.series[0]!)} by ${by}` : capitalize(req.series[0]!);
    const chart = sampleChart(name, `${facts.text}|chart${k}`, req.type ?? types[k % Math.max(types.length, 1)] ?? 'column', req.series[0], periodMonths(facts.range));
    const cats = chart.categories as string[];
    const vals = (chart.series as Array<{ values: number[] }>)[0]!.values;
    const hi = vals.indexOf(Math.max(...vals));
    const lo = vals.indexOf(Math.min(...vals));
    const slide: PlannedSlide = { layout: 'chart', title: name, bullets: [`${cats[hi]} leads with ${vals[hi]}`, `${cats[lo]} is lowest at ${vals[lo]}`, `Sample figures: replace them with the real ${req.series[0]!.toLowerCase()}`], chart, notes: 'The chart shows sample data generated by the offline model; replace it with real figures.', _keep: true };
    const same = slides.findIndex((sl) => typeof sl.title === 'string' && sl.title.toLowerCase() === name.toLowerCase());
    if (same > 0) slides[same] = slide;
    else place(slide);
    charts++;
  });
  for (let k = charts; k < wantCharts; k++) {
    const content = contentAt();
    if (!content.length) break;
    let at = content[Math.min(content.length - 1, Math.floor(((k + 0.3) * content.length) / Math.max(wantCharts, 1)) + (k === 0 ? 1 : 0))]!;
    // a slot already holding a visual: the next free content slide, else the one before
    const free = (i: number) => slides[i]?.layout === 'title-bullets' && !/^agenda$/i.test(String(slides[i].title));
    if (!free(at)) at = content.find((i) => i > at && free(i)) ?? [...content].reverse().find((i) => i < at && free(i)) ?? at;
    if (!free(at)) break;
    const type = types.length ? types[k % types.length]! : 'column';
    slides[at] = { ...slides[at], layout: 'chart', chart: sampleChart(titleAt(at), `${facts.text}|chart${k}`, type), notes: 'The chart shows sample data generated by the offline model; replace it with real figures.' };
    charts++;
  }
  // "a table of KPIs", "a risk table": the slide on that subject holds it, or a slide of its own
  for (const nt of namedTables(facts.text).filter((x) => x.label !== 'Pricing')) {
    const on = slides.findIndex((sl, i) => i > 0 && typeof sl.title === 'string' && nt.home.test(sl.title) && (sl.layout === 'title-bullets' || sl.layout === 'table'));
    if (on > 0 && slides[on]!.layout === 'table') continue;
    const table = { rows: nt.rows, headerRow: true };
    if (on > 0) slides[on] = { ...slides[on], layout: 'table', table, notes: 'The table holds sample entries by the offline model; replace them with real ones.', _keep: true };
    else place({ layout: 'table', title: nt.label, table, notes: 'The table holds sample entries by the offline model; replace them with real ones.', _keep: true });
    tables++;
  }
  for (let k = tables; k < wantTables; k++) {
    const content = contentAt();
    if (!content.length) break;
    let at = content[Math.min(content.length - 1, Math.floor(((k + 0.7) * content.length) / Math.max(wantTables, 1)))]!;
    while (at < slides.length - 1 && slides[at]!.layout !== 'title-bullets') at++;
    if (slides[at]?.layout !== 'title-bullets' || at === 0) continue;
    slides[at] = { ...slides[at], layout: 'table', table: sampleTable(titleAt(at), `${facts.text}|table${k}`), notes: 'The table holds sample data generated by the offline model; replace it with real figures.' };
    tables++;
  }
  // a table the prompt names by kind ("with a pricing table") that no slide holds yet: its own slide
  // before the closing one (in place of a generic content slide when the prompt fixed the count)
  if (/\bpricing\s+table\b/i.test(facts.text) && !slides.some((sl) => typeof sl.title === 'string' && /\bpricing\b/i.test(sl.title))) {
    place({ layout: 'table', title: 'Pricing', table: pricingTable(`${facts.text}|pricing`), notes: 'Prices are sample data generated by the offline model; replace them with the real price list.', _keep: true });
    tables++;
  }
  // "a two-column comparison of on-prem vs cloud": a two-column slide, one side per column
  const cmp = comparison(facts.text);
  if (cmp) {
    const points: Record<string, string[]> = {
      pros: [`Benefits of ${topic}`, 'Who gains most', 'Evidence so far'],
      cons: [`Drawbacks of ${topic}`, 'Who is affected', 'How we would mitigate them'],
      before: ['How it works today', 'Pain points', 'Cost and effort today'],
      after: ['How it will work', 'What improves', 'What it takes to get there'],
    };
    const side = (x: string) => ({ heading: x, bullets: points[x.toLowerCase()] ?? [`What ${x} offers`, 'Cost and effort', 'Risks', 'Best suited for'] });
    const cmpTitle = /^(pros|before)$/i.test(cmp.left) ? `${cmp.left} and ${cmp.right.toLowerCase()}` : `${cmp.left} vs ${cmp.right}`;
    place({ layout: 'two-column', title: slides.some((x) => typeof x.title === 'string' && x.title.toLowerCase() === cmpTitle.toLowerCase()) ? 'Side by side' : cmpTitle, columns: [side(cmp.left), side(cmp.right)], notes: `Compare ${cmp.left} and ${cmp.right} point by point; the points are a generic draft by the offline model.`, _keep: true });
  }
  // "with an agenda slide": after the title, listing the slides that follow
  if (agenda && !slides.some((sl) => typeof sl.title === 'string' && /^agenda$/i.test(sl.title))) {
    if (fixed) {
      const at = slides.findLastIndex((s, i) => i > 0 && s._g === true);
      if (at > 0) slides.splice(at, 1);
    }
    slides.splice(Math.min(1, slides.length), 0, { layout: 'title-bullets', title: 'Agenda', bullets: [], notes: 'Walk through the agenda.' });
    if (slides.length > MAX_SLIDES_PER_CALL) slides = slides.slice(0, MAX_SLIDES_PER_CALL);
  }
  slides = slides.map((sl, i) =>
    !listed && typeof sl.title === 'string' && /^agenda$/i.test(sl.title) && i > 0
      ? { ...sl, layout: 'title-bullets', bullets: slides.slice(i + 1).map((x) => (typeof x.title === 'string' ? x.title : '')).filter((x) => x && !/^questions$/i.test(x)).slice(0, 10) }
      : sl,
  );
  // "with speaker notes": notes that walk through each slide's points
  const notes = wantsNotes(facts.text);
  if (notes) {
    slides = slides.map((sl, i) => {
      const points = Array.isArray(sl.bullets) ? (sl.bullets as unknown[]).filter((b): b is string => typeof b === 'string' && !b.startsWith('  ')) : [];
      const text =
        i === 0
          ? `Welcome everyone and introduce the topic: ${topic}. Explain what the audience will take away and how long the talk lasts.`
          : sl.layout === 'two-column'
            ? `${typeof sl.notes === 'string' ? sl.notes : ''} Finish with which option you recommend and why.`
            : `${String(sl.title)}: ${points.length ? `cover ${points.map((p) => p.replace(/[.:]$/, '')).join('; ')}` : 'walk through the visual and what it shows'}. ${sl.chart || sl.table ? 'Point out that the figures are sample data to be replaced. ' : ''}Pause for questions before moving on.`;
      return { ...sl, notes: text };
    });
  }
  const chart = charts > 0;
  images.forEach((img, k) => {
    const at = Math.min(1 + k, slides.length - 1);
    if (at > 0) slides[at] = { ...slides[at], layout: 'image', imageId: img.id };
  });
  const out = slides.map(({ _g, _keep, ...sl }) => (void _g, void _keep, sl));
  const batches: PlannedBatch[] = [[{ toolName: 'set_deck_properties', input: { title: outline.title } }]];
  for (let i = 0; i < out.length; i += 10) batches.push([{ toolName: 'add_slides', input: { slides: out.slice(i, i + 10) } }]);
  const capped = asked > MAX_SLIDES_PER_CALL ? ` ${asked} slides were asked for; at most ${MAX_SLIDES_PER_CALL} are added per call — resume the run to add more.` : '';
  const extras = [chart ? `${charts} chart${charts > 1 ? 's' : ''} of sample data` : '', tables ? `${tables} table${tables > 1 ? 's' : ''} of sample data` : '', cmp ? 'a two-column comparison' : '', agenda ? 'an agenda slide' : '', notes ? 'speaker notes on every slide' : ''].filter(Boolean);
  return {
    batches,
    summary: `Built a${/^(8|11|18)$/.test(String(out.length)) || /^8/.test(String(out.length)) ? 'n' : ''} ${out.length}-slide deck "${outline.title}" on ${topic} (title slide, ${out.length - 1} content slides${extras.length ? `, ${extras.join(', ')}` : ''}). Slide text is a generic draft written by the offline model.${capped} (offline model)`,
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
  /** How the summary names a slide: by its place in the deck the person saw ("slide 3"), as they do. */
  const label = (sl: { id: string }) => `slide ${index.slides.findIndex((x) => x.id === sl.id) + 1}`;
  let added = 0;
  const unknown: string[] = [];
  const refused: string[] = [];
  /** "slide 12" in a 6-slide deck: said, not guessed */
  const missing = (ref: string) => refused.push(`there is no slide ${ref.trim()} (the deck has ${index.slides.length} slides)`);
  // new slides go before a closing slide ("Questions", "Next steps") unless a place is given
  const last = index.slides[index.slides.length - 1];
  const beforeClosing = last && index.slides.length >= 3 && CLOSING.test(last.title) ? index.slides.length : undefined;
  for (const raw of clauses(input.request)) {
    // the same edit in other words: "the last slide" → "slide last", "slide 2's title" → "the title of slide 2", "put slide 4 first"
    const clause = raw
      .replace(/[\s,;:]+$/, '')
      .replace(/\bthe\s+(last|first)\s+slide\b/gi, 'slide $1')
      .replace(/\b(?:change|set|update)\s+slide\s+(\S+?)'s\s+title\b/gi, 'change the title of slide $1')
      .replace(/\b(?:put|place|make)\s+slide\s+(\S+)\s+(?:the\s+)?(?:first|at\s+the\s+(?:front|start|beginning|top))(?:\s+slide)?$/i, 'move slide $1 to the front')
      .replace(/\b(?:put|place|make)\s+slide\s+(\S+)\s+(?:the\s+)?(?:last|at\s+the\s+(?:end|bottom))(?:\s+slide)?$/i, 'move slide $1 to the end')
      .replace(/^(?:insert|append|include|create)\s+/i, 'add ');
    const before = batches.length;
    const refusedBefore = refused.length;
    deckClause(clause);
    if (batches.length === before && refused.length === refusedBefore) unknown.push(clause);
  }
  function deckClause(input: string): void {
    let clause = input;
    let m: RegExpExecArray | null;
    // "move slide 5 to the front", "move slide 2 to the end", "move slide 3 after slide 5"
    if ((m = /\bmove\s+slide\s+(\S+)\s+(?:to\s+)?(?:the\s+)?(front|start|beginning|top|end|back|bottom)\b/i.exec(clause))) {
      const s = slideAt(m[1]!);
      if (!s) return void missing(m[1]!);
      const pos = /^(front|start|beginning|top)$/i.test(m[2]!) ? 1 : index.slides.length;
      batches.push([{ toolName: 'update_slide', input: { id: s.id, position: pos } }]);
      done.push(`moved ${label(s)} to ${pos === 1 ? 'the front' : 'the end'}`);
      return;
    }
    if ((m = /\bmove\s+slide\s+(\S+)\s+(before|after)\s+slide\s+(\S+)$/i.exec(clause))) {
      const s = slideAt(m[1]!);
      const t = slideAt(m[3]!);
      if (!s) return void missing(m[1]!);
      if (!t) return void missing(m[3]!);
      const from = index.slides.indexOf(s);
      let to = index.slides.indexOf(t) + (m[2]!.toLowerCase() === 'after' ? 1 : 0);
      if (from < to) to--;
      batches.push([{ toolName: 'update_slide', input: { id: s.id, position: to + 1 } }]);
      done.push(`moved ${label(s)} ${m[2]!.toLowerCase()} ${label(t)}`);
      return;
    }
    // "swap slides 2 and 3"
    if ((m = /\bswap\s+slides?\s+(\S+)\s+(?:and|with)\s+(?:slide\s+)?(\S+)$/i.exec(clause))) {
      const a = slideAt(m[1]!);
      const b = slideAt(m[2]!);
      if (!a) return void missing(m[1]!);
      if (!b) return void missing(m[2]!);
      const [x, y] = index.slides.indexOf(a) < index.slides.indexOf(b) ? [a, b] : [b, a];
      batches.push([{ toolName: 'update_slide', input: { id: y.id, position: index.slides.indexOf(x) + 1 } }], [{ toolName: 'update_slide', input: { id: x.id, position: index.slides.indexOf(y) + 1 } }]);
      done.push(`swapped slides ${a.id} and ${b.id}`);
      return;
    }
    // "delete slides 4 and 5", "remove slides 2-3"
    if ((m = /\b(?:delete|remove)\s+slides\s+(\d+)\s*(?:-|–|to|through)\s*(\d+)$/i.exec(clause) ?? /\b(?:delete|remove)\s+slides\s+((?:\d+\s*,\s*)*\d+\s+and\s+\d+)$/i.exec(clause))) {
      const refs = m[2] !== undefined ? Array.from({ length: Math.max(0, Number(m[2]) - Number(m[1]) + 1) }, (_, k) => String(Number(m![1]) + k)) : m[1]!.split(/\s*(?:,|and)\s*/);
      const found = refs.map((r) => [r, slideAt(r)] as const);
      const bad = found.filter(([, x]) => !x).map(([r]) => r);
      if (bad.length) return void missing(bad.join(', '));
      batches.push(found.map(([, x]) => ({ toolName: 'delete_slide', input: { id: x!.id } })));
      done.push(`deleted slides ${found.map(([, x]) => x!.id).join(', ')}`);
      return;
    }
    // "rename section 2 to Pricing": the deck's section divider slides, in order
    if ((m = /\b(?:rename|retitle)\s+(?:the\s+)?section\s+["“]?(.+?)["”]?\s+(?:to|as)\s+["“]?([^"”]+?)["”]?$/i.exec(clause))) {
      const sections = index.slides.filter((x) => x.layout === 'section');
      const n = toNumber(m[1]!.trim());
      const sec = n !== undefined ? sections[n - 1] : sections.find((x) => x.title.toLowerCase() === cleanName(m![1]!).toLowerCase());
      if (!sec) {
        refused.push(sections.length ? `there is no section ${m[1]!.trim()} (the deck has ${sections.length} section slides: ${sections.map((x) => `"${x.title}"`).join(', ')})` : `did not rename section ${m[1]!.trim()}: the deck has no section slides`);
        return;
      }
      batches.push([{ toolName: 'update_slide', input: { id: sec.id, title: cleanName(m[2]!) } }]);
      done.push(`renamed section ${label(sec)} to "${cleanName(m[2]!)}"`);
      return;
    }
    // "add a section on risks": a section divider and a slide on it, at the end
    if ((m = /\badd\s+(?:a\s+|an\s+)?(?:new\s+)?section\s*(?:slide\s*)?(?:on|about|for|called|titled|named|:)?\s*["“]?(.+?)["”]?(?:\s+(?:after|before)\s+slide\s+(\S+))?$/i.exec(clause))) {
      const subject = cleanName(m[1]!);
      const after = m[2] ? slideAt(m[2]) : undefined;
      if (m[2] && !after) return void missing(m[2]);
      const stock = contentSlides(subject, 1, clause, index.slides.map((x) => x.title))[0]!;
      const title = titleCase(subject);
      const slides = [
        { layout: 'section', title, subtitle: `Section: ${subject}`, notes: `Introduce the section on ${subject}.` },
        { layout: 'title-bullets', title: `${capitalize(subject)}: key points`, bullets: withDetails([`What ${subject} covers|The main points, in plain words`, 'What it means for us|For our work, our plans and our customers', 'Next steps|Who does what, and by when']), notes: stock.notes },
      ];
      batches.push([{ toolName: 'add_slides', input: { slides, ...(after ? { position: index.slides.indexOf(after) + 2 } : beforeClosing ? { position: beforeClosing } : {}) } }]);
      added += 2;
      done.push(`added a section "${title}" (a section slide and a slide of points)`);
      return;
    }
    // "add a table of KPIs", "add a risk table"
    if ((m = /\badd\s+(?:a\s+|an\s+)?(?:(\w+)\s+)?table(?:\s+(?:of|showing|listing|with|for|comparing)\s+(?:the\s+|our\s+)?(.+?))?(?:\s+(?:after|before)\s+slide\s+(\S+))?$/i.exec(clause)) && !/^of$/i.test(m[1] ?? '')) {
      const [what, by] = (m[2] ?? m[1] ?? '').split(/\s+(?:by|per)\s+/i);
      const nt = namedTable(what?.trim() ?? '', by?.trim(), added + 1);
      const after = m[3] ? slideAt(m[3]) : undefined;
      if (m[3] && !after) return void missing(m[3]);
      const title = nt?.label ?? 'Key figures';
      const table = nt && nt.label === 'Pricing' ? pricingTable(clause) : nt ? { rows: nt.rows, headerRow: true } : sampleTable(title, clause);
      batches.push([{ toolName: 'add_slides', input: { slides: [{ layout: 'table', title, table, notes: 'The table holds sample data generated by the offline model; replace it with real figures.' }], ...(after ? { position: index.slides.indexOf(after) + 2 } : beforeClosing ? { position: beforeClosing } : {}) } }]);
      added++;
      done.push(`added a table slide "${title}" (sample data)`);
      return;
    }
    // "add a bar chart of revenue by quarter"
    if ((m = /\badd\s+(?:a\s+|an\s+)?(?:(bar|column|line|pie|area|doughnut|donut|scatter)\s+)?(?:chart|graph)(?:\s+(?:of|showing|for|on)\s+(?:the\s+|our\s+)?(.+?))?(?:\s+(?:after|before)\s+slide\s+(\S+))?$/i.exec(clause))) {
      const [series, by] = (m[2] ?? '').split(/\s+(?:by|per|over)\s+/i);
      const type = m[1] ? (m[1].toLowerCase() === 'donut' ? 'doughnut' : m[1].toLowerCase()) : 'column';
      const title = series ? `${capitalize(series.trim())}${by ? ` by ${by.trim().toLowerCase()}` : ''}` : `${index.title ?? 'Key figures'}`;
      const after = m[3] ? slideAt(m[3]) : undefined;
      if (m[3] && !after) return void missing(m[3]);
      const chart = sampleChart(title, clause, type, series?.trim() || undefined);
      batches.push([{ toolName: 'add_slides', input: { slides: [{ layout: 'chart', title, bullets: ['Sample figures generated by the offline model', 'Replace them with the real data'], chart, notes: 'The chart shows sample data generated by the offline model; replace it with real figures.' }], ...(after ? { position: index.slides.indexOf(after) + 2 } : beforeClosing ? { position: beforeClosing } : {}) } }]);
      added++;
      done.push(`added a ${type} chart slide "${title}" (sample data)`);
      return;
    }
    // "add an agenda slide": after the title slide, listing the slides
    if (/\badd\s+(?:an\s+|the\s+)?agenda(?:\s+slide)?$/i.test(clause)) {
      const items = index.slides.slice(1).map((x) => x.title).filter((x) => x && !/^questions$/i.test(x)).slice(0, 10);
      batches.push([{ toolName: 'add_slides', input: { slides: [{ layout: 'title-bullets', title: 'Agenda', bullets: items.length ? items : ['Introduction', 'Discussion', 'Next steps'], notes: 'Walk through the agenda: what each part covers and how long it takes.' }], position: Math.min(2, index.slides.length + 1) } }]);
      added++;
      done.push('added an agenda slide after the title slide');
      return;
    }
    // "add speaker notes": a note on every slide
    if (/\badd\s+(?:speaker|presenter)\s+notes\b|\badd\s+notes\s+to\s+(?:every|each|all)(?:\s+the)?\s+slides?$/i.test(clause)) {
      batches.push(index.slides.map((x, i) => ({ toolName: 'update_slide', input: { id: x.id, notes: i === 0 ? `Welcome everyone and introduce ${index.title ?? 'the topic'}.` : `${x.title}: walk through the points on this slide and pause for questions before moving on.` } })));
      done.push(`added speaker notes to ${index.slides.length} slides`);
      return;
    }
    if ((m = /\b(?:retitle|call|title)\s+slide\s+(\S+)\s+(?:as\s+|to\s+)?["“]?([^"”]+?)["”]?$/i.exec(clause))) {
      const sl = slideAt(m[1]!);
      if (!sl) return void missing(m[1]!);
      batches.push([{ toolName: 'update_slide', input: { id: sl.id, title: m[2]!.trim() } }]);
      done.push(`retitled ${label(sl)} "${m[2]!.trim()}"`);
      return;
    }
    if ((m = /\b(?:change|set|update|rename)\s+the\s+title\s+of\s+slide\s+(\S+)\s+to\s+["“]?([^"”]+?)["”]?$/i.exec(clause) ?? /\brename\s+slide\s+(\S+)\s+to\s+["“]?([^"”]+?)["”]?$/i.exec(clause))) {
      const s = slideAt(m[1]!);
      if (s) {
        batches.push([{ toolName: 'update_slide', input: { id: s.id, title: m[2]!.trim() } }]);
        done.push(`retitled ${label(s)} "${m[2]!.trim()}"`);
        return;
      }
      if (/^\d+$/.test(m[1]!)) return void missing(m[1]!);
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
        done.push(`deleted ${label(s)} ("${s.title}")`);
        return;
      }
      if (/^\d+$/.test(m[1]!)) return void missing(m[1]!);
    }
    if ((m = /\bmove\s+slide\s+(\S+)\s+to\s+(?:position\s+|the\s+)?(\w+)/i.exec(clause))) {
      const s = slideAt(m[1]!);
      const pos = m[2]!.toLowerCase() === 'end' ? index.slides.length : m[2]!.toLowerCase() === 'start' || m[2]!.toLowerCase() === 'beginning' ? 1 : toNumber(m[2]);
      if (s && pos) {
        batches.push([{ toolName: 'update_slide', input: { id: s.id, position: pos } }]);
        done.push(`moved ${label(s)} to position ${pos}`);
        return;
      }
    }
    // "… at the end": after the closing slide too
    const atEnd = /\s+(?:at|to)\s+the\s+(?:end|bottom)(?:\s+of\s+the\s+(?:deck|presentation))?$/i.test(clause);
    if (atEnd) clause = clause.replace(/\s+(?:at|to)\s+the\s+(?:end|bottom)(?:\s+of\s+the\s+(?:deck|presentation))?$/i, '');
    const add = new RegExp(`\\badd\\s+(?:a\\s+|an\\s+|another\\s+|(\\d{1,2}|${['two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'].join('|')})\\s+)?(?:new\\s+|more\\s+)?slides?(?:\\s+(?:about|on|for|titled|called|named|covering)\\s+["“]?(.+?)["”]?)?(?:\\s+(?:after|before)\\s+slide\\s+(\\S+))?$`, 'i').exec(clause);
    if (add) {
      const n = Math.max(1, toNumber(add[1] ?? '1') ?? 1);
      const room = 30 - added;
      const count = Math.min(n, room);
      if (count <= 0) return;
      const subject = add[2] ? cleanName(add[2]) : index.title ?? 'the topic';
      const after = add[3] ? slideAt(add[3]) : undefined;
      if (add[3] && !after) return void missing(add[3]);
      const position = after ? index.slides.indexOf(after) + 2 : atEnd ? undefined : beforeClosing;
      const titled = /\b(?:titled|called|named)\s/i.test(clause);
      // slides about a subject say so in their titles ("Pricing: goals"), so that they read as one part
      const outline = contentSlides(subject, count, clause, index.slides.map((x) => x.title)).map((o) => (add[2] && !o.title.toLowerCase().includes(subject.toLowerCase()) ? { ...o, title: `${capitalize(subject)}: ${o.title[0]!.toLowerCase()}${o.title.slice(1)}` } : o));
      const slides = (count === 1 && add[2] ? [{ title: titled ? cleanName(add[2]) : titleCase(subject), bullets: [`Key points on ${subject}|The main points, in plain words`, 'What it means for us|For our work, our plans and our customers', 'Next steps|Who does what, and by when'], notes: `Talk about ${subject}.` }] : outline).map((s) => ({
        layout: 'title-bullets',
        title: s.title,
        bullets: withDetails(s.bullets),
        ...(s.notes ? { notes: s.notes } : {}),
      }));
      batches.push([{ toolName: 'add_slides', input: { slides, ...(position ? { position } : {}) } }]);
      added += slides.length;
      done.push(`${count === 1 && titled && add[2] ? `added slide "${slides[0]!.title}"` : `added ${slides.length} slide${slides.length > 1 ? 's' : ''}${add[2] ? ` about ${subject}` : ''}`}${after ? ` after ${label(after)}` : atEnd ? ' at the end' : ''}`);
      return;
    }
  }
  if (!batches.length) {
    return {
      batches,
      summary: refused.length
        ? `The offline model made no change to the deck: ${refused.join('; ')}.${unknown.length ? ` It did not understand "${unknown.join('", "').slice(0, 200)}".` : ''} (offline model)`
        : `The offline model could not find an edit it understands in "${input.request.slice(0, 120)}"; the deck is unchanged. It understands: add N slides (about X), add a section / a table / a chart / an agenda slide / speaker notes, delete/move/swap slides, rename a section slide, change the title (of slide N). (offline model)`,
    };
  }
  const skipped = unknown.length ? ` It did not understand "${unknown.join('", "').slice(0, 200)}" and left that undone.` : '';
  const notDone = refused.length ? ` It did not change the rest: ${refused.join('; ')}.` : '';
  return { batches, summary: `${capitalize(done.join('; '))}.${added ? ' New slide text is a generic draft.' : ''}${notDone}${skipped} (offline model)` };
}

export function planDeck(input: PlanInput): OfflinePlan {
  if (input.memory?.index.kind === 'deck') return resumePlan(input, input.memory.index);
  return newDeckPlan(input);
}
