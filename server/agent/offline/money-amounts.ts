/**
 * Amounts of money in a prompt ("$250,000", "250k", "£1.2m", "400 a month") and what each is for
 * (a monthly contribution, a goal, a starting balance, a principal), read from the words around
 * it. Rates ("4.5%"), years ("2026") and durations ("3 years", "36 months") are not amounts.
 */
import { toNumber } from './parse-prompt';

export interface Amount {
  value: number;
  index: number;
  end: number;
  /** written with a currency sign or a k/m suffix: surely money */
  money: boolean;
}

const AMOUNT = /([$€£])?\s?(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s?(k|m|mn|million|thousand)?\b(?!\s?%|[.,]\d)/gi;
const DURATION_AFTER = /^\s*[- ]?(years?|yrs?|months?|mos?|weeks?|days?|%|percent|per ?cent|slides?|rows?|people|students|employees|sheets?)\b/i;

export function amountsIn(text: string): Amount[] {
  const out: Amount[] = [];
  const re = new RegExp(AMOUNT.source, AMOUNT.flags);
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const raw = Number(m[2]!.replace(/,/g, ''));
    if (!Number.isFinite(raw)) continue;
    const end = m.index + m[0].length;
    if (DURATION_AFTER.test(text.slice(end, end + 12))) continue;
    const suffix = m[3]?.toLowerCase();
    // a year on its own ("in 2026") is no amount ("2,000" is one)
    if (!m[1] && !suffix && !m[2]!.includes(',') && Number.isInteger(raw) && raw >= 1990 && raw <= 2100) continue;
    const value = raw * (suffix === 'k' || suffix === 'thousand' ? 1000 : suffix === 'm' || suffix === 'mn' || suffix === 'million' ? 1_000_000 : 1);
    out.push({ value, index: m.index + (m[0].length - m[0].trimStart().length), end, money: !!m[1] || !!suffix });
  }
  return out;
}

/** "3 years", "five-year", "36 months", "18 mo": a duration in months. */
export function durationMonths(text: string): number | undefined {
  const m = /\b(\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty)[- ]?(years?|yrs?|months?|mos?)\b/i.exec(text);
  if (!m) return undefined;
  const n = toNumber(m[1]!.toLowerCase());
  if (n === undefined || n <= 0) return undefined;
  return /^y/i.test(m[2]!) ? n * 12 : n;
}

/** The first rate in the prompt ("at 4.5%", "4.5 percent"), as a percentage. */
export function ratePct(text: string): number | undefined {
  const m = /(\d+(?:\.\d+)?)\s?(?:%|percent\b|per ?cent\b)/i.exec(text);
  return m ? Number(m[1]) : undefined;
}

/**
 * The inputs of a savings plan: the monthly contribution ("400 a month", "monthly deposits of 400",
 * "save 400 each month"), the goal ("a 10,000 goal", "goal of 10k", "reach 10,000"), the starting
 * balance ("starting with 1,000", "I already have 2k"). An amount with no such words is the monthly
 * contribution when none was found.
 */
export function savingsInputs(text: string): { monthly?: number; goal?: number; start?: number } {
  const out: { monthly?: number; goal?: number; start?: number } = {};
  const rest: Amount[] = [];
  for (const a of amountsIn(text)) {
    const before = text.slice(Math.max(0, a.index - 40), a.index).toLowerCase();
    const after = text.slice(a.end, a.end + 24).toLowerCase();
    if (out.monthly === undefined && (/^\s*(?:\/\s*mo(?:nth)?\b|(?:a|per|each|every)\s+month\b|monthly\b|pcm\b|p\/m\b)/.test(after) || /\b(?:monthly|per month|each month|every month)\s+(?:contributions?|deposits?|savings?|payments?|amount)?\s*(?:of\s+)?(?:about\s+|around\s+)?$/.test(before))) out.monthly = a.value;
    else if (out.goal === undefined && (/^\s*(?:savings\s+)?(?:goal|target)\b/.test(after) || /\b(?:save|saving|to save|accumulate|build up|put aside|set aside)\s+(?:up\s+)?(?:about\s+|around\s+)?$/.test(before) || /^\s*(?:[a-z-]+\s+){0,2}(?:fund|pot|deposit|nest egg)\b/.test(after) || /\b(?:goal|target|reach|reaching|hit|save up|saving up|total of)\s*(?:of\s+)?(?:about\s+|around\s+)?$/.test(before))) out.goal = a.value;
    else if (out.start === undefined && /\b(?:start(?:ing)?\s+(?:with|from|at|balance)|initial\s+(?:deposit|balance|amount|savings)|already\s+(?:have|saved|got)|current\s+(?:balance|savings)|lump sum|opening balance)\s*(?:of\s+)?$/.test(before)) out.start = a.value;
    else rest.push(a);
  }
  if (out.monthly === undefined && rest.length) out.monthly = rest[0]!.value;
  return out;
}
