/**
 * What an invoice prompt says about the invoice itself: who it is for ("Invoice for Acme Corp"),
 * its lines ("3 consulting days at $1,200 per day", "a travel expenses line", "travel of $450"),
 * and the currency its prices are in. Whatever it does not say stays sample data.
 */
export interface InvoiceLine {
  description: string;
  quantity: number;
  /** undefined: the prompt names the line but gives no price (a sample price, marked) */
  unitPrice?: number;
}

export interface InvoiceDetails {
  customer?: string;
  lines: InvoiceLine[];
  currency?: '$' | '€' | '£';
}

const NUMBER_WORDS: Record<string, number> = { a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, twelve: 12, twenty: 20 };
const amount = (s: string) => Number(s.replace(/,/g, ''));
const sentence = (s: string) => {
  const t = s.trim().replace(/\s+/g, ' ');
  return t.charAt(0).toUpperCase() + t.slice(1);
};

/** "Acme Corp", "Smith & Sons Ltd": capitalised words after "invoice for / to / billed to". */
const CUSTOMER = /\b(?:[Ii]nvoice|[Bb]ill)\s+(?:(?:for|to)\s+(?:the\s+)?(?:client|customer)\s+|(?:for|to)\s+)((?:[A-Z][\w&.'-]*)(?:\s+(?:&\s+)?[A-Z][\w&.'-]*){0,4})/;
/** "3 consulting days at $1,200 per day", "10 hours of design at €90/hour", "two licences at 300 each" */
const PRICED = /\b(\d+(?:\.\d+)?|a|an|one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty)\s+((?:[a-z][a-z-]*\s+){0,3}?[a-z][a-z-]*)\s+at\s+([$€£])?\s?(\d[\d,]*(?:\.\d+)?)(?:\s*(?:per|\/|each|an?)\s*[a-z]*)?/gi;
/** "a travel expenses line", "a line for travel", "travel expenses of $450" */
const NAMED_LINE = /\b(?:an?|one)\s+((?:[a-z][a-z-]*\s+){0,2}[a-z][a-z-]*)\s+line\b|\bline\s+for\s+((?:[a-z][a-z-]*\s*){1,3})/gi;
const W = '(?!(?:and|plus|with|per|for|at|of|a|an|the)\\b)[a-z][a-z-]*';
const LINE_OF = new RegExp(`\\b((?:${W}\\s+){0,2}${W})\\s+of\\s+([$€£])\\s?(\\d[\\d,]*(?:\\.\\d+)?)`, 'gi');

export function invoiceDetails(text: string): InvoiceDetails {
  const out: InvoiceDetails = { lines: [] };
  const customer = CUSTOMER.exec(text);
  if (customer) out.customer = customer[1]!.replace(/[.,:;]+$/, '');
  const currency = /[$€£]/.exec(text)?.[0] as InvoiceDetails['currency'] | undefined;
  if (currency) out.currency = currency;
  const taken = new Set<string>();
  const push = (line: InvoiceLine) => {
    const key = line.description.toLowerCase();
    if (!line.description || taken.has(key) || out.lines.length >= 50) return;
    taken.add(key);
    out.lines.push(line);
  };
  for (const m of text.matchAll(PRICED)) {
    const qty = /^\d/.test(m[1]!) ? Number(m[1]) : (NUMBER_WORDS[m[1]!.toLowerCase()] ?? 1);
    push({ description: sentence(m[2]!), quantity: qty, unitPrice: amount(m[4]!) });
  }
  for (const m of text.matchAll(LINE_OF)) {
    if (/\b(total|invoice|amount|tax)\b/i.test(m[1]!)) continue;
    push({ description: sentence(m[1]!.replace(/^(?:and|a|an|the|plus|with)\s+/i, '')), quantity: 1, unitPrice: amount(m[3]!) });
  }
  for (const m of text.matchAll(NAMED_LINE)) {
    const what = (m[1] ?? m[2] ?? '').replace(/^(?:separate|extra|additional)\s+/i, '');
    if (!what || /^(item|invoice|new|single|one)$/i.test(what.trim())) continue;
    push({ description: sentence(what), quantity: 1 });
  }
  return out;
}
