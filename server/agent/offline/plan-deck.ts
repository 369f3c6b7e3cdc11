/** The offline model's plan for a deck (and the offline slide outline): slide count and subject from the prompt. */
import { MAX_SLIDES_PER_CALL } from '@/server/documents/deck/schema';
import type { DeckIndex } from '../types';
import { capitalize, cleanName, parsePrompt, seededRandom, titleCase, toNumber, topicOf, type PromptFacts } from './parse-prompt';
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
  ['Next steps', ['Confirm owners and dates', 'Share this plan', 'Schedule the first review']],
];

/** Deterministic outline: a title slide, content slides on the subject, a closing slide. */
export function deckOutline(facts: PromptFacts, count: number): { title: string; slides: OutlineSlide[] } {
  const topic = topicOf(facts);
  const title = facts.title ?? titleCase(topic);
  const n = Math.max(1, Math.min(count, MAX_SLIDES_PER_CALL));
  const fill = (s: string) => s.replaceAll('{t}', topic);
  const slides: OutlineSlide[] = [{ title, bullets: [], notes: `Introduce the presentation on ${topic}. (Draft by the offline model.)` }];
  const content = Math.max(0, n - (n >= 3 ? 2 : 1));
  const rand = seededRandom(facts.text);
  const offset = Math.floor(rand() * 3);
  for (let i = 0; i < content; i++) {
    const [t, b] = TOPICS[(i + (i > 0 ? offset : 0)) % TOPICS.length]!;
    const round = Math.floor(i / TOPICS.length);
    slides.push({ title: `${fill(t)}${round ? ` (${round + 1})` : ''}`, bullets: b.map(fill), notes: `Talk through ${fill(t).toLowerCase()} for ${topic}.` });
  }
  if (n >= 3) slides.push({ title: 'Questions', bullets: ['Thank you', `Discussion: ${topic}`], notes: 'Invite questions.' });
  return { title, slides: slides.slice(0, n) };
}

function sampleChart(topic: string, seed: string): Record<string, unknown> {
  const rand = seededRandom(seed);
  return {
    type: 'column',
    title: `${capitalize(topic)} — sample data`,
    categories: ['Q1', 'Q2', 'Q3', 'Q4'],
    series: [{ name: 'Sample', values: [0, 1, 2, 3].map(() => Math.round(20 + rand() * 80)) }],
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
  const facts = parsePrompt(input.request);
  const listed = slideListFromPrompt(input.request);
  const asked = listed?.length ?? facts.slides ?? 6;
  const count = Math.min(asked, MAX_SLIDES_PER_CALL);
  const outline = listed ? { title: facts.title ?? listed[0]!.title, slides: listed } : deckOutline(facts, count);
  const topic = topicOf(facts);
  const images = attachmentIds(input.attachments, 'image');
  const slides: Array<Record<string, unknown>> = outline.slides.map((s, i) => {
    if (i === 0) return { layout: 'title', title: s.title, subtitle: `${capitalize(topic)} — draft by the offline model`, notes: s.notes };
    return { layout: 'title-bullets', title: s.title, bullets: s.bullets, ...(s.notes ? { notes: s.notes } : {}) };
  });
  let chart = false;
  if (facts.wantsChart && slides.length > 2) {
    const at = Math.min(2, slides.length - 2);
    slides[at] = { ...slides[at], layout: 'chart', chart: sampleChart(topic, facts.text), notes: 'The chart shows sample data generated by the offline model; replace it with real figures.' };
    chart = true;
  }
  images.forEach((img, k) => {
    const at = Math.min(1 + k, slides.length - 1);
    if (at > 0) slides[at] = { ...slides[at], layout: 'image', imageId: img.id };
  });
  const batches: PlannedBatch[] = [[{ toolName: 'set_deck_properties', input: { title: outline.title } }]];
  for (let i = 0; i < slides.length; i += 10) batches.push([{ toolName: 'add_slides', input: { slides: slides.slice(i, i + 10) } }]);
  const capped = asked > MAX_SLIDES_PER_CALL ? ` ${asked} slides were asked for; at most ${MAX_SLIDES_PER_CALL} are added per call — resume the run to add more.` : '';
  return {
    batches,
    summary: `Built a ${slides.length}-slide deck "${outline.title}" on ${topic} (title slide, ${slides.length - 1} content slides${chart ? ', a chart of sample data' : ''}). Slide text is a generic draft written by the offline model.${capped} (offline model)`,
  };
}

function resumePlan(input: PlanInput, index: DeckIndex): OfflinePlan {
  const batches: PlannedBatch[] = [];
  const done: string[] = [];
  const slideAt = (ref: string) => {
    const n = toNumber(ref);
    if (n !== undefined) return index.slides[n - 1];
    const name = cleanName(ref).toLowerCase();
    return index.slides.find((s) => s.id === name || s.title.toLowerCase() === name);
  };
  let added = 0;
  for (const clause of clauses(input.request)) {
    let m: RegExpExecArray | null;
    if ((m = /\b(?:change|set|update|rename)\s+the\s+title\s+of\s+slide\s+(\S+)\s+to\s+["“]?([^"”]+?)["”]?$/i.exec(clause) ?? /\brename\s+slide\s+(\S+)\s+to\s+["“]?([^"”]+?)["”]?$/i.exec(clause))) {
      const s = slideAt(m[1]!);
      if (s) {
        batches.push([{ toolName: 'update_slide', input: { id: s.id, title: m[2]!.trim() } }]);
        done.push(`retitled slide ${s.id} "${m[2]!.trim()}"`);
        continue;
      }
    }
    if ((m = /\b(?:change|set|update)\s+the\s+(?:deck\s+|presentation\s+)?title\s+to\s+["“]?([^"”]+?)["”]?$/i.exec(clause))) {
      const calls: PlannedCall[] = [{ toolName: 'set_deck_properties', input: { title: m[1]!.trim() } }];
      const first = index.slides[0];
      if (first) calls.push({ toolName: 'update_slide', input: { id: first.id, title: m[1]!.trim() } });
      batches.push(calls);
      done.push(`changed the title to "${m[1]!.trim()}"`);
      continue;
    }
    if ((m = /\b(?:delete|remove)\s+(?:the\s+)?slide\s+["“]?(.+?)["”]?$/i.exec(clause))) {
      const s = slideAt(m[1]!);
      if (s) {
        batches.push([{ toolName: 'delete_slide', input: { id: s.id } }]);
        done.push(`deleted slide ${s.id} ("${s.title}")`);
        continue;
      }
    }
    if ((m = /\bmove\s+slide\s+(\S+)\s+to\s+(?:position\s+|the\s+)?(\w+)/i.exec(clause))) {
      const s = slideAt(m[1]!);
      const pos = m[2]!.toLowerCase() === 'end' ? index.slides.length : m[2]!.toLowerCase() === 'start' || m[2]!.toLowerCase() === 'beginning' ? 1 : toNumber(m[2]);
      if (s && pos) {
        batches.push([{ toolName: 'move_slide', input: { id: s.id, position: pos } }]);
        done.push(`moved slide ${s.id} to position ${pos}`);
        continue;
      }
    }
    const add = new RegExp(`\\badd\\s+(?:a\\s+|an\\s+|another\\s+|(\\d{1,2}|${['two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'].join('|')})\\s+)?(?:new\\s+|more\\s+)?slides?(?:\\s+(?:about|on|for|titled|called|named|covering)\\s+["“]?(.+?)["”]?)?(?:\\s+(?:after|before)\\s+slide\\s+(\\S+))?$`, 'i').exec(clause);
    if (add) {
      const n = Math.max(1, toNumber(add[1] ?? '1') ?? 1);
      const room = 30 - added;
      const count = Math.min(n, room);
      if (count <= 0) continue;
      const subject = add[2] ? cleanName(add[2]) : index.title ?? 'the topic';
      const after = add[3] ? slideAt(add[3]) : undefined;
      const position = after ? index.slides.indexOf(after) + 2 : undefined;
      const outline = deckOutline(parsePrompt(`about ${subject}`), count + 2).slides.slice(1, count + 1);
      const slides = (count === 1 && add[2] ? [{ title: titleCase(subject), bullets: [`Key points on ${subject}`, 'What it means for us', 'Next steps'], notes: `Talk about ${subject}.` }] : outline).map((s) => ({
        layout: 'title-bullets',
        title: s.title,
        bullets: s.bullets,
        ...(s.notes ? { notes: s.notes } : {}),
      }));
      batches.push([{ toolName: 'add_slides', input: { slides, ...(position ? { position } : {}) } }]);
      added += slides.length;
      done.push(`added ${slides.length} slide${slides.length > 1 ? 's' : ''}${add[2] ? ` about ${subject}` : ''}`);
      continue;
    }
  }
  if (!batches.length) {
    return {
      batches,
      summary: `The offline model could not find an edit it understands in "${input.request.slice(0, 120)}"; the deck is unchanged. It understands: add N slides (about X), delete/move slide N, change the title (of slide N). (offline model)`,
    };
  }
  return { batches, summary: `${capitalize(done.join('; '))}. New slide text is a generic draft. (offline model)` };
}

export function planDeck(input: PlanInput): OfflinePlan {
  if (input.memory?.index.kind === 'deck') return resumePlan(input, input.memory.index);
  return newDeckPlan(input);
}
