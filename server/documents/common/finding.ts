/**
 * What an inspection of a finished document found, as a reviewer would say it: a stable code, how
 * bad it is, where (a sheet/cell, a slide/element, a page/section) and a message that says what to
 * do. The agent's review loop hands findings back to the model; those left after the last round
 * become the task's `result.warnings` ({code, message, location}).
 */
export type FindingSeverity = 'error' | 'warning' | 'info';

export interface Finding {
  /** stable, snake_case: formula_error, text_clipped, chart_overlap, text_overflow, page_count… */
  code: string;
  severity: FindingSeverity;
  /** "Sales!B4", "Sales chart rev_by_region", "slide 3 element t1", "page 2", "section s2" */
  location: string;
  /** one sentence: what is wrong and, when known, the cause and the fix */
  message: string;
}

/** At most `max` findings, errors first, then warnings, then info (stable within a severity). */
export function rankFindings(findings: Finding[], max = 40): Finding[] {
  const order: Record<FindingSeverity, number> = { error: 0, warning: 1, info: 2 };
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => order[a.f.severity] - order[b.f.severity] || a.i - b.i)
    .slice(0, max)
    .map((x) => x.f);
}
