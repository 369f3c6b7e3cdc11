/** The offline model's plan for a document: sections from the prompt, simple edits on resume. */
import { stockSectionText } from './section-text';
import { slugify } from '../tools/document-tools';
import { requestedPageCount } from '@/server/documents/document/inspect-document';
import type { DocumentIndex } from '../types';
import { DOCUMENT_KINDS, forFormat, capitalize, cleanName, parsePrompt, seededRandom, splitList, titleCase, toNumber, topicOf, type PromptFacts } from './parse-prompt';
import { COMPOUND_NOUNS, memoFields, minutesDetails, namedTable, namedTables, sectionWords, uncap, type MemoFields, type MinutesDetails, type NamedTable } from './document-details';
import { attachmentIds, clauses, type OfflinePlan, type PlannedBatch, type PlannedCall, type PlanInput, type PriorResults } from './plan-types';

const DRAFT_NOTE = '*Draft written by the offline model from the request; statements are generic and any figures are sample data. Review before use.*';

const SECTION_POOL = ['Introduction', 'Background', 'Objectives', 'Approach', 'Findings', 'Analysis', 'Risks', 'Recommendations', 'Timeline', 'Budget', 'Conclusion', 'Next steps'];

function defaultSections(facts: PromptFacts): string[] {
  const t = facts.text.toLowerCase();
  let out: string[];
  switch (facts.kind) {
    case 'business-plan':
      out = ['Executive summary', 'Company overview', 'Market analysis', 'Products and services', 'Marketing and sales', 'Operations', 'Management team', 'Financial plan'];
      break;
    case 'memo':
      out = ['Purpose', 'Background', 'Recommendation', 'Next steps'];
      break;
    case 'minutes':
      out = ['Agenda', 'Discussion', 'Decisions', 'Action items', 'Next meeting'];
      break;
    case 'proposal':
      out = ['Overview', 'Objectives', 'Approach', 'Timeline', 'Budget', 'Next steps'];
      break;
    case 'policy':
      out = ['Purpose', 'Scope', 'Policy', 'Responsibilities', 'Compliance', 'Review'];
      break;
    case 'report':
      out = ['Executive summary', 'Background', 'Findings', 'Recommendations', 'Next steps'];
      break;
    default:
      out = /\bletter\b/.test(t)
        ? ['Introduction', 'Details', 'Closing']
        : /\bpress release\b/.test(t)
          ? ['Headline', 'Summary', 'Details', 'Quote', 'About the company', 'Media contact']
          : /\bcase study\b/.test(t)
            ? ['Summary', 'The challenge', 'The solution', 'Results', 'Lessons learned']
            : /\b(standard operating procedure|sop|procedure|how-to guide|instructions)\b/.test(t)
              ? ['Purpose', 'Scope', 'Responsibilities', 'Procedure', 'Records']
              : /\b(handbook|manual)\b/.test(t)
                ? ['Welcome', 'About us', 'How we work', 'Policies', 'Support and contacts']
                : /\b(executive summary|brief|briefing)\b/.test(t)
                  ? ['Summary', 'Key points', 'Recommendation']
                  : /\bplan\b/.test(t)
                    ? ['Goals', 'Scope', 'Milestones', 'Risks', 'Next steps']
                    : ['Introduction', 'Overview', 'Key points', 'Conclusion'];
  }
  // sections the prompt names in passing ("including budget, timeline and risks") join the blueprint
  if (!facts.sectionCount && facts.kind !== 'minutes' && facts.kind !== 'memo') {
    for (const w of sectionWords(facts.text)) {
      if (out.some((x) => x.toLowerCase() === w.toLowerCase() || (w.toLowerCase() === 'risks' && /^risks?\b/i.test(x)))) continue;
      if (/^(executive summary|summary|introduction|background|context)$/i.test(w)) out = [w, ...out];
      else if (/^(appendix|glossary|references|faq)$/i.test(w)) out = [...out, w];
      else out = [...out.slice(0, -1), w, ...out.slice(-1)];
    }
  }
  // "with 7 sections": as many as asked, from the blueprint then a general pool
  if (facts.sectionCount) {
    const n = Math.min(facts.sectionCount, 30);
    if (n <= out.length) out = out.slice(0, n);
    else {
      // extra sections go before the closing one (next steps, review…)
      const extra = SECTION_POOL.filter((x) => !out.includes(x) && !/^(introduction|conclusion)$/i.test(x)).slice(0, n - out.length);
      out = [...out.slice(0, -1), ...extra, ...out.slice(-1)];
      for (let i = out.length; i < n; i++) out.push(`Part ${i + 1}`);
    }
  }
  return out;
}

/** Extra blocks a blueprint puts in a section (minutes' action table, a proposal's timeline…). */
function blueprintTable(kind: PromptFacts['kind'], section: string, minutes?: MinutesDetails): { rows: string[][]; caption: string } | undefined {
  const s = section.toLowerCase();
  // minutes with named people and agenda items: an action per item, owned by the attendees in turn
  if (kind === 'minutes' && /action/.test(s) && minutes && (minutes.attendees.length || minutes.agenda.length)) {
    const items = minutes.agenda.length ? minutes.agenda.map((a) => `Follow up on ${inSentence(a)}`) : ['Share the notes', 'Prepare the budget update', 'Confirm the next steps'];
    const owners = minutes.attendees.length ? minutes.attendees : ['Chair', 'Finance', 'Product'];
    return { rows: [['Action', 'Owner', 'Due'], ...items.slice(0, 8).map((a, k) => [a, owners[k % owners.length]!, 'Next meeting'])], caption: 'Action items (draft entries by the offline model).' };
  }
  if (kind === 'minutes' && /action/.test(s)) return { rows: [['Action', 'Owner', 'Due'], ['Share the notes', 'Chair', 'Friday'], ['Prepare the budget update', 'Finance', 'Next meeting'], ['Confirm the launch date', 'Product', 'In two weeks']], caption: 'Action items (sample entries by the offline model).' };
  if (kind === 'proposal' && /timeline/.test(s)) return { rows: [['Phase', 'Start', 'End'], ['Discovery', 'Week 1', 'Week 2'], ['Delivery', 'Week 3', 'Week 8'], ['Review', 'Week 9', 'Week 10']], caption: 'Timeline (sample dates by the offline model).' };
  if (kind === 'proposal' && /budget/.test(s)) return { rows: [['Item', 'Cost'], ['People', '40,000'], ['Tools', '8,000'], ['Contingency', '4,000'], ['Total', '52,000']], caption: 'Budget: sample data generated by the offline model — replace with real figures.' };
  return undefined;
}

const OPENERS = [
  'This section covers {s} for {t}.',
  'Here we set out {s} as it applies to {t}.',
  '{S} matters for {t} because it shapes the decisions that follow.',
  'The points below summarise {s} in the context of {t}.',
];
const BULLETS = [
  'Agree the scope and the owners for {s}.',
  'Record the assumptions behind {s}.',
  'Measure progress on {s} against a clear baseline.',
  'Review {s} with the people it affects.',
  'Track open questions about {s} until they are resolved.',
  'Share the outcome of {s} with stakeholders.',
];

function sectionBody(title: string, topic: string, seed: string): string {
  // a section people often write: what belongs in it; another: a generic draft
  const stock = stockSectionText(title, topic);
  if (stock) return `${stock.opener}\n\n${stock.points.map((p) => `- ${p}`).join('\n')}`;
  const rand = seededRandom(seed);
  const fill = (tpl: string) => tpl.replaceAll('{s}', title.toLowerCase()).replaceAll('{S}', title).replaceAll('{t}', topic);
  const opener = fill(OPENERS[Math.floor(rand() * OPENERS.length)]!);
  const start = Math.floor(rand() * BULLETS.length);
  const bullets = [0, 1, 2].map((k) => `- ${fill(BULLETS[(start + k) % BULLETS.length]!)}`);
  return `${opener}\n\n${bullets.join('\n')}`;
}

function sampleTable(topic: string, seed: string): { rows: string[][]; caption: string } {
  const rand = seededRandom(seed);
  const rows = [['Item', 'Current', 'Target', 'Owner']];
  const owners = ['Operations', 'Finance', 'Product', 'Sales'];
  for (let i = 0; i < 4; i++) rows.push([`${capitalize(topic)} item ${i + 1}`, String(Math.round(20 + rand() * 60)), String(Math.round(60 + rand() * 40)), owners[i]!]);
  return { rows, caption: 'Table 1: sample data generated by the offline model — replace with real figures.' };
}

/** Today (UTC): the date a memo or minutes carry. The only input besides the request: same request, same day → same output. */
function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** "Q3 results" stays, "New travel policy" → "new travel policy": a phrase to use inside a sentence. */
function inSentence(s: string): string {
  return /^[A-Z][a-z]/.test(s) && !/^[A-Z][a-z]+[A-Z]/.test(s) ? s[0]!.toLowerCase() + s.slice(1) : s;
}

/**
 * A prompt that names only the kind of document ("a memo with sections …", "write a report",
 * "meeting minutes"): its subject is the kind itself, which no sentence can be about ("the facts
 * that shape memo"). Such a document gets the kind as its title and a stand-in subject the text
 * can speak of, in brackets where the person has to fill it in.
 */
const BARE_SUBJECT =
  /^(?:(?:a|an|the|new|short|brief|draft|simple|formal|detailed|quick|general|internal|company|staff|team|meeting|sample|blank|template|(?:one|two|three|\d+)[- ]pages?)\s+)*(?:memo(?:randum)?|reports?|polic(?:y|ies)|proposals?|minutes|meeting|letters?|documents?|docs?|business\s+plan|plan|template)$/i;
const STAND_IN: Partial<Record<NonNullable<PromptFacts['kind']>, { topic: string; title: string }>> = {
  memo: { topic: '(the subject)', title: 'Memo' },
  report: { topic: '(the subject)', title: 'Report' },
  policy: { topic: 'this policy', title: 'Policy' },
  proposal: { topic: 'the project', title: 'Proposal' },
  minutes: { topic: 'the meeting', title: 'Minutes' },
  'business-plan': { topic: 'the business', title: 'Business plan' },
};

/** The stand-in topic and title of a document whose prompt names no subject, or undefined. */
function standInSubject(facts: PromptFacts): { topic: string; title: string } | undefined {
  if (facts.title || !BARE_SUBJECT.test(topicOf(facts).trim())) return undefined;
  const noun = /\b(letter|document|doc|template)s?\b/i.exec(facts.text)?.[1];
  return (facts.kind && STAND_IN[facts.kind]) || { topic: '(the subject)', title: noun ? capitalize(noun === 'doc' ? 'document' : noun.toLowerCase()) : 'Document' };
}

/** The title a new document gets: the prompt's title, else one from its kind and subject. */
function documentTitle(facts: PromptFacts, topic: string, memo: MemoFields | undefined, minutes: MinutesDetails | undefined): string {
  if (facts.title) return facts.title;
  if (memo) {
    const subject = memo.subject || capitalize(topic.replace(/^memo\b\s*/i, ''));
    return subject ? `Memo: ${subject}` : 'Memo';
  }
  if (minutes) {
    const meeting = minutes.meeting ?? capitalize(topic.replace(/^(meeting\s+)?minutes\b\s*/i, '').replace(/^(for|of|from|on)\s+(the\s+)?/i, ''));
    return meeting ? `Minutes: ${meeting}` : 'Minutes';
  }
  // "a proposal for a website redesign for Acme", "a proposal to introduce a four-day week"
  const p = facts.kind === 'proposal' ? /\b(?:([a-z][\w-]*)\s+)?proposal\s+(for|to|on)\s+(.+?)(?=\s+(?:with|including|that|which|covering|containing|in\s+\d+\s+pages?)\b|\s*[,.;:!?(]|\s*$)/i.exec(facts.text) : null;
  if (p && p[3]!.split(/\s+/).length <= 10) {
    const lead = p[1] && !/^(a|an|the|write|draft|create|make|prepare|new|short|brief|detailed|formal|simple|me|our|my)$/i.test(p[1]) ? `${capitalize(p[1])} ` : '';
    // "a proposal for Acme Corp: new CRM implementation, including …": the client and the project
    const after = /^\s*:\s*([^,.;:]+?)(?=\s*[,.;]|\s+(?:with|including|covering)\b|\s*$)/i.exec(facts.text.slice(p.index + p[0].length))?.[1];
    const what = after && after.split(/\s+/).length <= 6 ? `: ${titleCase(after)}` : '';
    return `${titleCase(`${lead}Proposal ${p[2]!.toLowerCase()} ${p[3]!}`)}${what}`;
  }
  // "a proposal: migrate our email to Microsoft 365 — include …"
  const colon = facts.kind === 'proposal' ? /\bproposal\s*:\s*(.+?)(?=\s+[—–-]\s+|\s*[,.;]|\s+(?:with|including|include|covering)\b|\s*$)/i.exec(facts.text) : null;
  if (colon && colon[1]!.split(/\s+/).length <= 10) return `Proposal: ${titleCase(colon[1]!)}`;
  let t = topic.replace(/^(?:(?:one|two|three|four|five|\d+)[- ]pages?|short|brief|detailed)\s+/i, '').replace(/^(our|my|your|their)\s+/i, '');
  // "a code of conduct policy": the subject is not cut inside a compound noun
  const compound = COMPOUND_NOUNS.exec(facts.text);
  if (compound && compound[1]!.toLowerCase().startsWith(t.toLowerCase()) && t.length < compound[1]!.length) {
    const noun = new RegExp(`${compound[1]!}\\s+(policy|policies|handbook|guide|guidelines|procedures?|report|proposal|agreement|template|statement)\\b`, 'i').exec(facts.text)?.[1];
    t = `${compound[1]!}${noun ? ` ${noun}` : ''}`;
  }
  return titleCase(t || topic);
}

function newDocumentPlan(input: PlanInput): OfflinePlan {
  const parsed = forFormat(parsePrompt(uncap(input.request)), DOCUMENT_KINDS);
  // "with a section on harassment": one more section, not the only one
  const oneMore = parsed.sections.length === 1 && /\b(?:a|an|one)\s+(?:new\s+|extra\s+|additional\s+)?(?:section|chapter)\s+(?:on|about|for|called|named|titled|covering)\b/i.test(parsed.text);
  const facts: PromptFacts = oneMore ? { ...parsed, sections: [] } : parsed;
  const extraSection = oneMore ? parsed.sections[0] : undefined;
  const memoInfo = facts.kind === 'memo' ? memoFields(facts.text) : undefined;
  const minutesInfo = facts.kind === 'minutes' ? minutesDetails(facts.text, today()) : undefined;
  // the subject the text speaks of: a memo's subject, else the prompt's topic (a stand-in when it names none)
  const standIn = memoInfo?.phrase || minutesInfo?.meeting ? undefined : standInSubject(facts);
  const namedTopic = memoInfo?.phrase ?? (minutesInfo?.meeting ? `the ${inSentence(minutesInfo.meeting)}` : topicOf(facts));
  const topic = standIn?.topic ?? namedTopic;
  // ("a proposal to introduce a four-day week": the title says what the subject does not)
  const derived = documentTitle(facts, namedTopic, memoInfo, minutesInfo);
  const title = standIn && BARE_SUBJECT.test(derived) ? standIn.title : derived;
  // a page limit ("a one-page report"): no contents page unless asked for; on one page at most 3
  // default sections and no opening section (the draft note opens the first), as in a memo
  const pageLimit = requestedPageCount(facts.text)?.max;
  const defaults = defaultSections(facts);
  const base = (facts.sections.length ? facts.sections : pageLimit === 1 ? defaults.slice(0, 3) : defaults).map((s) => capitalize(s));
  if (extraSection && !base.some((b) => b.toLowerCase() === extraSection.toLowerCase())) base.splice(Math.max(0, base.length - 1), 0, capitalize(extraSection));
  // tables named by what they hold ("a pricing table", "a table of hires by department"): each in
  // the section it belongs to, or in a section of its own before the closing one
  const named = namedTables(facts.text);
  const namedAt = new Map<number, NamedTable[]>();
  for (const nt of named) {
    // the section named like the table ("Pricing"), else one on its subject ("Budget" for costs)
    let at = base.findIndex((s, i) => s.toLowerCase() === nt.label.toLowerCase() && !namedAt.has(i));
    if (at < 0) at = base.findIndex((s, i) => nt.home.test(s) && !namedAt.has(i));
    if (at < 0 && !facts.sections.length && !facts.sectionCount && pageLimit !== 1) {
      at = Math.max(0, base.length - 1);
      base.splice(at, 0, nt.label);
      // later placements shift with the inserted section
      for (const [k, v] of [...namedAt.entries()].sort((a, b) => b[0] - a[0])) {
        if (k >= at) {
          namedAt.delete(k);
          namedAt.set(k + 1, v);
        }
      }
    }
    if (at < 0) at = Math.max(0, base.findIndex((s) => /result|finding|budget|data|metric|overview|timeline|analysis|detail/i.test(s)));
    namedAt.set(at, [...(namedAt.get(at) ?? []), nt]);
  }
  const numbered = /\bnumbered\b/i.test(facts.text) || (facts.kind === 'report' && !facts.sections.length);
  const contents = facts.contents || /\bcontents page\b/i.test(facts.text) || (facts.kind === 'report' && !facts.sections.length && (pageLimit === undefined || pageLimit > 2));
  const sections = numbered ? base.map((s, i) => `${i + 1}. ${s}`) : base;
  const images = attachmentIds(input.attachments, 'image');
  const files = attachmentIds(input.attachments, 'file');
  let intro = `${DRAFT_NOTE}\n\nThis document covers ${topic}. It is organised in ${sections.length} sections: ${base.join(', ')}.`;
  // a memo: its title shown and the To / From / Date / Subject block under it (the tool's memo block)
  const memoBlock = memoInfo
    ? [`To: ${memoInfo.to ?? 'All staff'}`, `From: ${memoInfo.from ?? 'Management'}`, ...(memoInfo.cc ? [`CC: ${memoInfo.cc}`] : []), `Date: ${memoInfo.date ?? today()}`, `Subject: ${memoInfo.subject ?? (standIn ? '(subject)' : capitalize(topic))}`].join('\n')
    : undefined;
  const memo = memoBlock ? { showTitle: true, memo: memoBlock } : pageLimit === 1 ? { showTitle: true } : {};
  if (memoInfo) intro = DRAFT_NOTE;
  if (minutesInfo) {
    const m = minutesInfo;
    intro = `${DRAFT_NOTE}\n\n**Date:** ${m.date ?? today()}\n\n**Attendees:** ${m.attendees.length ? m.attendees.join(', ') : '(names)'}\n\n**Apologies:** ${m.apologies.length ? m.apologies.join(', ') : '(names)'}\n\n**Chair:** ${m.chair ?? '(name)'}`;
  }
  // a memo shows its title above the memo block: no heading repeats it, the draft note opens the first section
  const batches: PlannedBatch[] = [
    [
      { toolName: 'set_document_properties', input: { title, header: title, footer: 'Page {page} of {pages}', ...memo } },
      ...(memoInfo || pageLimit === 1 ? [] : [{ toolName: 'append_section', input: { title, level: 1, markdown: intro } }]),
    ],
  ];
  // a real table of contents (the document's tableOfContents element, after the title): the .docx
  // lists every heading with a link and its page number, so it follows later edits of the sections
  if (contents) batches.push([{ toolName: 'set_document_properties', input: { tableOfContents: true } }]);
  const tableAt = facts.wantsTable && facts.tableCount === undefined && !named.length ? Math.max(0, sections.findIndex((s) => /result|finding|budget|data|metric|overview|timeline/i.test(s))) : -1;
  const used = new Set([slugify(title)]);
  let tables = 0;
  sections.forEach((s, i) => {
    let body = sectionBody(base[i]!, topic, `${facts.text}|${s}`);
    if (memoInfo && /^purpose$/i.test(base[i]!)) body = `This memo informs ${inSentence(memoInfo.to ?? 'all staff')} ${memoInfo.that ? 'that' : 'about'} ${topic}.\n\n- What is changing and why\n- Who it affects\n- When it takes effect`;
    if (minutesInfo?.agenda.length && /^agenda$/i.test(base[i]!)) body = minutesInfo.agenda.map((a, k) => `${k + 1}. ${capitalize(a)}`).join('\n');
    if (minutesInfo?.agenda.length && /^discussion$/i.test(base[i]!)) body = minutesInfo.agenda.map((a) => `**${capitalize(a)}.** The meeting discussed ${inSentence(a)}. (Draft: record the main points raised.)`).join('\n\n');
    const first = (memoInfo || pageLimit === 1) && i === 0;
    const calls: PlannedCall[] = [{ toolName: 'append_section', input: { title: s, level: 2, markdown: first ? `${memoInfo ? intro : DRAFT_NOTE}\n\n${body}` : body } }];
    let id = slugify(s);
    for (let k = 2; used.has(id); k++) id = `${slugify(s)}-${k}`;
    used.add(id);
    const mine = namedAt.get(i) ?? [];
    const bp = blueprintTable(facts.kind, s, minutesInfo);
    for (const nt of mine) {
      calls.push({ toolName: 'add_table', input: { section: id, rows: nt.rows, caption: nt.caption } });
      tables++;
    }
    if (bp && !mine.length) {
      calls.push({ toolName: 'add_table', input: { section: id, ...bp } });
      tables++;
    } else if (!mine.length && !bp && (facts.tableCount !== undefined ? tables < facts.tableCount && (i % 2 === 1 || sections.length - i <= facts.tableCount - tables) : i === tableAt || (facts.manyTables && i % 2 === 1))) {
      calls.push({ toolName: 'add_table', input: { section: id, ...sampleTable(topic, `${facts.text}|table${i}`) } });
      tables++;
    }
    if (i === 0) for (const img of images) calls.push({ toolName: 'add_image', input: { section: id, imageId: img.id, alt: img.name, caption: img.name } });
    batches.push(calls);
  });
  for (const f of files) {
    batches.push([{ toolName: 'read_file', input: { fileId: f.id } }]);
    batches.push((prior) => {
      const r = prior[prior.length - 1] as { text?: string } | undefined;
      const text = (r?.text ?? '').slice(0, 1500).trim();
      return text ? [{ toolName: 'append_section', input: { title: `Source: ${f.name}`, level: 2, markdown: `Excerpt of the attached file:\n\n> ${text.replace(/\n+/g, ' ')}` } }] : [];
    });
  }
  const extras = [tables ? `${tables} sample-data table${tables > 1 ? 's' : ''}` : '', contents ? 'a table of contents (linked headings with page numbers)' : '', images.length ? `${images.length} image${images.length > 1 ? 's' : ''}` : '', files.length ? 'excerpts of the attached files' : ''].filter(Boolean);
  const head = memoBlock ? ` (${memoBlock.split('\n').filter((l) => !/^Date:/.test(l)).join('; ')})` : minutesInfo && (minutesInfo.attendees.length || minutesInfo.date) ? ` (${[minutesInfo.date ? `date ${minutesInfo.date}` : '', minutesInfo.attendees.length ? `attendees ${minutesInfo.attendees.join(', ')}` : '', minutesInfo.chair ? `chair ${minutesInfo.chair}` : ''].filter(Boolean).join('; ')})` : '';
  return {
    batches,
    summary: `Drafted "${title}"${head} with sections ${sections.join(', ')}${extras.length ? `, plus ${extras.join(' and ')}` : ''}. The text is a generic draft written by the offline model${tables ? '; table figures are sample data' : ''}. (offline model)`,
  };
}

/**
 * "move Risks before Findings": the section (with its sub-sections) is moved by move_section after
 * the section that is to precede it; moving it first among its siblings moves the siblings before
 * it to after it instead.
 */
function planMoveSection(index: DocumentIndex, x: DocumentIndex['sections'][number], target: { before?: string; after?: string; to?: 'first' | 'last' }): { batches: PlannedBatch[]; outcome: (byTurn: PriorResults[]) => { done?: string; refused?: string } } | { refused: string } {
  const at = index.sections.indexOf(x);
  // siblings: same level, same parent
  let parentAt = at - 1;
  while (parentAt >= 0 && index.sections[parentAt]!.level >= x.level) parentAt--;
  const siblings = index.sections.filter((s, i) => {
    if (s.level !== x.level || i <= parentAt) return false;
    for (let k = parentAt + 1; k < i; k++) if (index.sections[k]!.level < x.level) return false;
    return true;
  });
  const find = (name: string) => {
    const n = cleanName(name).toLowerCase().replace(/^\d+\.\s*/, '');
    return siblings.find((s) => s.title.toLowerCase().replace(/^\d+\.\s*/, '') === n) ?? siblings.find((s) => s.title.toLowerCase().includes(n) && n.length > 2);
  };
  const rest = siblings.filter((s) => s !== x);
  let pos: number;
  if (target.to === 'first') pos = 0;
  else if (target.to === 'last') pos = rest.length;
  else {
    const y = find((target.before ?? target.after)!);
    if (!y || y === x) return { refused: `there is no other section "${target.before ?? target.after}" beside "${x.title}" (sections: ${siblings.map((s) => s.title).join(', ')})` };
    pos = rest.indexOf(y) + (target.after !== undefined ? 1 : 0);
  }
  const order = [...rest.slice(0, pos), x, ...rest.slice(pos)];
  // the moves: X after its new predecessor, or (X first) the siblings that were before it, after X
  const moves: Array<{ s: DocumentIndex['sections'][number]; after: DocumentIndex['sections'][number] }> = [];
  if (pos > 0) {
    if (siblings.indexOf(x) !== pos || siblings[pos - 1] !== order[pos - 1]) moves.push({ s: x, after: order[pos - 1]! });
  } else {
    const before = siblings.slice(0, siblings.indexOf(x));
    before.forEach((s, k) => moves.push({ s, after: k === 0 ? x : before[k - 1]! }));
  }
  const where = target.to === 'first' ? 'to the start' : target.to === 'last' ? 'to the end' : `${target.after !== undefined ? 'after' : 'before'} "${find((target.before ?? target.after)!)!.title}"`;
  if (!moves.length) return { refused: `it is already ${where}` };
  // the document's own section move: the whole block range (heading, body, sub-sections: images,
  // tables, page breaks, long text alike) goes as it is
  return {
    batches: [moves.map((m) => ({ toolName: 'move_section', input: { id: m.s.id, after: m.after.id } }))],
    outcome: () => ({ done: `moved section "${x.title}" ${where}` }),
  };
}

function resumePlan(input: PlanInput, index: DocumentIndex): OfflinePlan {
  const batches: PlannedBatch[] = [];
  const done: Array<string | ((byTurn: PriorResults[]) => string | undefined)> = [];
  const refused: Array<(byTurn: PriorResults[]) => string | undefined> = [];
  const topic = index.title ?? 'the document';
  // "rename Findings to Key findings and add a section Risks after it": "it" is the section last named
  let lastNamed: DocumentIndex['sections'][number] | undefined;
  const find = (name: string) => {
    if (/^(?:it|that|this|that one|this one|(?:that|this|the same) section)$/i.test(name.trim())) return lastNamed;
    const found = findNamed(name);
    if (found) lastNamed = found;
    return found;
  };
  const findNamed = (name: string) => {
    const n = cleanName(name).toLowerCase();
    // "section 2", "2": the numbered section, else the second section under the title
    const k = toNumber(n.replace(/^section\s+/, ''));
    if (k !== undefined) {
      const body = index.sections.filter((s) => s.level === 2);
      return body.find((s) => s.title.startsWith(`${k}. `)) ?? (body.length ? body : index.sections)[k - 1];
    }
    return index.sections.find((s) => s.id === n || s.title.toLowerCase() === n || s.title.toLowerCase().replace(/^\d+\.\s*/, '') === n) ?? index.sections.find((s) => s.title.toLowerCase().includes(n) && n.length > 2);
  };
  const unknown: string[] = [];
  for (const raw of clauses(input.request)) {
    const clause = raw.replace(/[\s,;:]+$/, '');
    let m: RegExpExecArray | null;
    // "move Risks before Findings", "move the Budget section to the end"
    if ((m = /\bmove\s+(?:the\s+)?(?:section\s+)?["“]?(.+?)["”]?(?:\s+section)?\s+(?:(before|after|above|below|ahead of)\s+(?:the\s+)?(?:section\s+)?["“]?(.+?)["”]?(?:\s+section)?|to\s+the\s+(end|top|start|beginning|bottom|front)(?:\s+of\s+the\s+(?:document|report))?)$/i.exec(clause))) {
      const x = find(m[1]!.replace(/^\d+\.\s*/, ''));
      if (x && x.level >= 1) {
        const rel = m[2]?.toLowerCase();
        const target = rel ? (/^(before|above|ahead of)$/.test(rel) ? { before: m[3]! } : { after: m[3]! }) : { to: /^(end|bottom)$/i.test(m[4]!) ? ('last' as const) : ('first' as const) };
        const mv = planMoveSection(index, x, target);
        if ('refused' in mv) {
          const why = mv.refused;
          refused.push(() => `did not move "${x.title}": ${why}`);
        } else {
          batches.push(...mv.batches);
          done.push((bt) => mv.outcome(bt).done);
          refused.push((bt) => mv.outcome(bt).refused);
        }
        continue;
      }
    }
    if ((m = /\brename\s+(?:the\s+)?(?:section\s+)?["“]?(.+?)["”]?\s+(?:section\s+)?to\s+["“]?([^"”]+?)["”]?$/i.exec(clause))) {
      const s = find(m[1]!);
      if (s) {
        batches.push([{ toolName: 'replace_section', input: { id: s.id, title: cleanName(m[2]!) } }]);
        done.push(`renamed section "${s.title}" to "${cleanName(m[2]!)}"`);
        continue;
      }
    }
    if ((m = /\b(?:delete|remove)\s+(?:the\s+)?(?:section\s+)?["“]?(.+?)["”]?(?:\s+section)?$/i.exec(clause))) {
      const s = find(m[1]!);
      if (s) {
        batches.push([{ toolName: 'delete_section', input: { id: s.id } }]);
        done.push(`removed section "${s.title}"`);
        continue;
      }
      // "remove section 7" in a document of five: said, not guessed
      if (/^(?:section\s+)?\d+$/i.test(m[1]!.trim())) {
        const which = m[1]!.trim();
        refused.push(() => `did not remove section ${which.replace(/^section\s+/i, '')}: the document has ${index.sections.filter((x) => x.level === 2).length} sections`);
        continue;
      }
    }
    if ((m = /\b(?:change|set|update)\s+the\s+(?:document\s+)?title\s+to\s+["“]?([^"”]+?)["”]?$/i.exec(clause))) {
      const title = m[1]!.trim();
      const calls: PlannedCall[] = [{ toolName: 'set_document_properties', input: { title, header: title } }];
      const h1 = index.sections.find((s) => s.level === 1);
      if (h1) calls.push({ toolName: 'replace_section', input: { id: h1.id, title } });
      batches.push(calls);
      done.push(`changed the title to "${title}"`);
      continue;
    }
    if ((m = /\b(?:add|set|change)\s+(?:a\s+|the\s+)?(header|footer)\s*(?:to|:|saying|with)?\s*["“]([^"”]+)["”]/i.exec(clause))) {
      batches.push([{ toolName: 'set_document_properties', input: { [m[1]!.toLowerCase()]: m[2]! } }]);
      done.push(`set the ${m[1]!.toLowerCase()}`);
      continue;
    }
    if (/\b(?:add|insert)\s+(?:a\s+)?page\s*break\b/i.test(clause)) {
      const after = /\b(?:after|(?:at\s+the\s+end\s+of|to|in|into)(?:\s+the)?(?:\s+section)?)\s+(?:the\s+)?["“]?(.+?)["”]?(?:\s+section)?$/i.exec(clause);
      const s = after ? find(after[1]!) : undefined;
      batches.push([{ toolName: 'add_page_break', input: s ? { section: s.id } : {} }]);
      done.push(s ? `added a page break at the end of "${s.title}"` : 'added a page break at the end of the document');
      continue;
    }
    // "add a table of contents", "add a TOC"
    if (/\b(?:add|include|insert)\s+(?:a\s+)?(?:table\s+of\s+contents|toc|contents\s+page)\b/i.test(clause)) {
      batches.push([{ toolName: 'set_document_properties', input: { tableOfContents: true } }]);
      done.push('added a table of contents');
      continue;
    }
    // "add a table of risks to Findings", "add a pricing table", "add a table of hires by department"
    if ((m = /\badd\s+(?:a\s+|an\s+)?(?:(\w+)\s+)?table\s*(?:(?:of|showing|listing|with|for|comparing)\s+(?:the\s+|our\s+)?(.+?))?(?:\s+(?:to|in|into|under)\s+(?:the\s+)?["“]?(.+?)["”]?(?:\s+section)?)?$/i.exec(clause)) && (m[1] || m[2]) && !/^(a|an|the|new)$/i.test(m[1] ?? '')) {
      const [what, by] = (m[2] ?? m[1]!).split(/\s+(?:by|per)\s+/i);
      const nt = namedTable(what!.trim(), by?.trim(), index.tables + 1);
      const target = m[3] ? find(m[3]) : undefined;
      if (m[3] && !target) {
        const wanted = m[3];
        refused.push(() => `did not add the table: there is no section "${wanted}" (sections: ${index.sections.filter((x) => x.level >= 2).map((x) => x.title).join(', ')})`);
        continue;
      }
      const home = target ?? (nt ? index.sections.find((x) => x.level >= 2 && nt.home.test(x.title)) : undefined);
      const table = nt ? { rows: nt.rows, caption: nt.caption } : sampleTable(topic, clause);
      batches.push([{ toolName: 'add_table', input: { ...(home ? { section: home.id } : {}), ...table } }]);
      done.push(`added a sample-data table${nt ? ` of ${nt.label.toLowerCase()}` : ''}${home ? ` to "${home.title}"` : ''}`);
      continue;
    }
    if ((m = /\badd\s+(?:a\s+)?table(?:\s+(?:to|in)\s+(?:the\s+)?["“]?(.+?)["”]?(?:\s+section)?)?$/i.exec(clause))) {
      const s = m[1] ? find(m[1]) : undefined;
      batches.push([{ toolName: 'add_table', input: { ...(s ? { section: s.id } : {}), ...sampleTable(topic, clause) } }]);
      done.push(`added a sample-data table${s ? ` to "${s.title}"` : ''}`);
      continue;
    }
    // "… at the end": where a new section goes anyway
    const placed = clause.replace(/\s+(?:at|to)\s+the\s+(?:end|bottom)(?:\s+of\s+the\s+(?:document|report))?$/i, '');
    const add = /\b(?:add|append|include|insert)\s+(?:a\s+|an\s+)?(?:new\s+)?(?:section|chapter|part)\s*(?:named|called|titled|on|about|for|:)?\s*["“']?(.+?)["”']?$/i.exec(placed)
      ?? /\b(?:add|append|include|insert)\s+(?:a\s+|an\s+)?(?:new\s+)?(.+?)\s+(?:section|chapter)(?:\s+(?:after|before)\s+.+)?$/i.exec(placed);
    if (add) {
      const names = splitList(add[1]!.replace(/\s+(?:after|before)\s+.*$/i, ''));
      const rel = /\b(after|before)\s+(?:the\s+)?["“]?(.+?)["”]?(?:\s+section)?$/i.exec(placed);
      const ref = rel ? find(rel[2]!) : undefined;
      if (rel && !ref) {
        const wanted = rel[2]!;
        refused.push(() => `did not add ${names.map((n) => `"${capitalize(n)}"`).join(', ')}: there is no section "${wanted}" (sections: ${index.sections.filter((x) => x.level >= 2).map((x) => x.title).join(', ')})`);
        continue;
      }
      // "before Findings": after the section before it (at its level); before the first one: not possible with append_section
      let anchor = ref;
      if (ref && rel![1]!.toLowerCase() === 'before') {
        const at = index.sections.indexOf(ref);
        anchor = [...index.sections.slice(0, at)].reverse().find((x) => x.level <= ref.level);
        if (anchor && anchor.level < ref.level) anchor = undefined;
        if (!anchor) {
          refused.push(() => `did not add ${names.map((n) => `"${capitalize(n)}"`).join(', ')} before "${ref.title}": it is the first section — add it, then move it to the top`);
          continue;
        }
      }
      const level = index.sections.some((s) => s.level === 2) ? 2 : 1;
      const calls: PlannedCall[] = names.map((n) => ({
        toolName: 'append_section',
        input: { title: capitalize(n), level, markdown: sectionBody(capitalize(n), topic, `${clause}|${n}`), ...(anchor ? { after: anchor.id } : {}) },
      }));
      if (calls.length) {
        batches.push(calls);
        done.push(`added section${names.length > 1 ? 's' : ''} ${names.map((n) => `"${capitalize(n)}"`).join(', ')}`);
        continue;
      }
    }
    unknown.push(clause);
  }
  const skipped = unknown.length ? ` It did not understand "${unknown.join('", "').slice(0, 200)}" and left that undone.` : '';
  if (!batches.length) {
    const not = refused.map((r) => r([])).filter(Boolean);
    return {
      batches,
      summary: not.length
        ? `The offline model made no change to the document: it ${not.join('; it ')}.${skipped} (offline model)`
        : `The offline model could not find an edit it understands in "${input.request.slice(0, 120)}"; the document is unchanged. It understands: add/rename/remove/move a section, change the title, set the header/footer, add a table or a page break. (offline model)`,
    };
  }
  // numbered sections ("1. Introduction") stay numbered in order after sections are added, removed or moved
  const level2 = index.sections.filter((x) => x.level === 2);
  if (level2.length >= 2 && level2.every((x) => /^\d+\.\s/.test(x.title))) {
    const listAt = batches.length;
    // list_sections is offered once the document has changed; until then a read stands in
    const changed = (byTurn: PriorResults[]) => done.some((d) => typeof d === 'string' || !!d(byTurn));
    const first = index.sections[0]!;
    batches.push((_prior, byTurn) => [changed(byTurn) ? { toolName: 'list_sections', input: {} } : { toolName: 'read_section', input: { id: first.id } }]);
    batches.push((_prior, byTurn) => {
      const list = (byTurn[listAt]?.[0] as { sections?: Array<{ id: string; level: number; title: string }> } | undefined)?.sections ?? [];
      return list
        .filter((x) => x.level === 2)
        .map((x, i) => ({ x, title: `${i + 1}. ${x.title.replace(/^\d+\.\s*/, '')}` }))
        .filter(({ x, title }) => x.title !== title)
        .map(({ x, title }) => ({ toolName: 'replace_section', input: { id: x.id, title } }));
    });
  }
  const summary = (byTurn: PriorResults[]) => {
    const did = done.map((d) => (typeof d === 'string' ? d : d(byTurn))).filter((d): d is string => !!d);
    const not = refused.map((r) => r(byTurn)).filter((r): r is string => !!r);
    const notes = not.length ? ` It ${not.join('; it ')}.` : '';
    if (!did.length) return `The offline model made no change to the document.${notes}${skipped} (offline model)`;
    const drafted = did.some((d) => /^added (section|a sample-data table)/.test(d));
    return `${capitalize(did.join('; '))}.${drafted ? ' New text is a generic draft.' : ''}${notes}${skipped} (offline model)`;
  };
  return { batches, summary: done.some((d) => typeof d !== 'string') || refused.length ? summary : summary([]) };
}

export function planDocument(input: PlanInput): OfflinePlan {
  if (input.memory?.index.kind === 'document') return resumePlan(input, input.memory.index);
  return newDocumentPlan(input);
}
