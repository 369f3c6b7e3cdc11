/**
 * What the offline model writes under the sections documents most often have: an opening sentence
 * and three points that say what belongs there, for the section's own subject ("Findings",
 * "Responsibilities", "Next meeting"…). A section it has no text for gets undefined.
 * {t} is the document's subject.
 */
const SECTIONS: Array<[RegExp, string, [string, string, string]]> = [
  [/^(purpose|aim|why this matters)$/, 'This document sets out {t}: what it is, why it matters and what it asks of the reader.', ['What is changing, and from when.', 'Who it applies to.', 'What the reader needs to do.']],
  [/^(executive summary|summary|in brief|key points)$/, 'In short: what this document says about {t}, and what it asks for.', ['The main finding, in one sentence.', 'What it means for the organisation.', 'The decision or action requested.']],
  [/^(background|context|current situation)$/, 'How we got here, and the facts that shape {t}.', ['What has happened so far, in order.', 'The figures that matter, with their sources.', 'What was tried before, and with what result.']],
  [/^(introduction|overview)$/, 'This document introduces {t}: the context, the goal and how the rest is organised.', ['The context in two sentences.', 'The goal this document serves.', 'What each section covers.']],
  [/^(findings|results|analysis|key findings)$/, 'What we found when we looked at {t}.', ['The main result, with its figure.', 'What stands out against the last period or the target.', 'What the figures do not yet tell us.']],
  [/^(recommendations?|proposal|proposed solution|options)$/, 'What we recommend for {t}, and why.', ['The recommended option, in one sentence.', 'Why it beats the alternatives on cost, risk and time.', 'What it needs: people, budget and decisions.']],
  [/^(next steps|way forward|follow-up)$/, 'What happens next on {t}, who does it and by when.', ['The first action, its owner and its date.', 'Who needs to be told, and how.', 'When progress is reviewed.']],
  [/^(objectives|goals|aims|success criteria)$/, 'What {t} must achieve, stated so that it can be checked.', ['Each objective with a measure and a date.', 'The owner of each objective.', 'What is out of scope.']],
  [/^(approach|methodology|method|how we will work|solution)$/, 'How we will deliver {t}.', ['The phases, and what each one produces.', 'How we work with your team.', 'How quality is checked along the way.']],
  [/^(timeline|schedule|milestones|plan)$/, 'When each part of {t} happens.', ['The start and end of each phase.', 'The milestones that show progress.', 'What the dates depend on.']],
  [/^(budget|costs?|pricing|fees|investment)$/, 'What {t} costs, and what is included.', ['One-off and recurring costs.', 'What is included, and what is extra.', 'Payment terms.']],
  [/^(scope|applicability|who this applies to)$/, 'What {t} covers, and what it does not.', ['Who and what is in scope.', 'What is explicitly out of scope.', 'How exceptions are handled.']],
  [/^(policy|policy statement|rules|requirements|standards|guidelines)$/, 'The rules of {t}.', ['What is required.', 'What is not allowed.', 'How an exception is requested and approved.']],
  [/^(responsibilities|roles and responsibilities|roles|governance|ownership)$/, 'Who does what under {t}.', ['What every employee must do.', 'What managers must do.', 'Who owns this document and answers questions about it.']],
  [/^(compliance|enforcement|breaches|monitoring)$/, 'How compliance with {t} is checked, and what happens when it is not met.', ['How compliance is monitored.', 'How to report a breach.', 'The consequences of a breach.']],
  [/^(review|document control|revision history|policy review)$/, 'When and how {t} is reviewed.', ['The review cycle and its owner.', 'What triggers an early review.', 'Where the current version is kept.']],
  [/^(agenda)$/, 'The items on the agenda of {t}.', ['Actions from the last meeting.', 'Updates from each team.', 'Decisions needed.']],
  [/^(discussion|discussion points|notes)$/, 'What was discussed at {t}, item by item.', ['The main points raised, and by whom.', 'The views for and against.', 'Questions left open.']],
  [/^(decisions|decisions made|resolutions)$/, 'What {t} decided.', ['Each decision in one sentence.', 'Who agreed it, and under what conditions.', 'When it takes effect.']],
  [/^(action items|actions)$/, 'The actions agreed at {t}, each with an owner and a due date.', ['What is to be done.', 'Who does it.', 'By when.']],
  [/^(next meeting|date of next meeting)$/, 'When and where the next meeting takes place.', ['Date, time and place.', 'Items carried over.', 'Who prepares what.']],
  [/^(risks|risk assessment|risks and mitigations|risks and issues)$/, 'What could go wrong with {t}, and what we do about it.', ['Each risk with its likelihood and impact.', 'The mitigation, and who owns it.', 'The early signs we watch.']],
  [/^(conclusion|conclusions|closing|wrap-up)$/, 'What to take away from {t}.', ['The three points to remember.', 'What is decided, and what is still open.', 'What happens next.']],
  [/^(deliverables|outputs|what you get)$/, 'What {t} delivers.', ['Each deliverable and its form.', 'Who accepts it, and how.', 'When it is handed over.']],
  [/^(benefits|expected benefits|value|impact)$/, 'What {t} brings.', ['For customers.', 'For the team.', 'In money, where it can be measured.']],
  [/^(team|about us|our team|who we are)$/, 'The people behind {t}.', ['Who leads the work, and their experience.', 'Who does the day-to-day work.', 'How to reach us.']],
  [/^(appendix|appendices|glossary|references)$/, 'Supporting material for {t}.', ['Definitions of the terms used.', 'Sources of the figures.', 'Related documents.']],
];

/** "3. Findings" → "findings". */
const keyOf = (title: string) => title.toLowerCase().replace(/^\s*\d+(?:\.\d+)*[.)]?\s+/, '').replace(/[:.]+$/, '').trim();

export function stockSectionText(title: string, topic: string): { opener: string; points: string[] } | undefined {
  const key = keyOf(title);
  const hit = SECTIONS.find(([re]) => re.test(key));
  if (!hit) return undefined;
  const fill = (s: string) => s.replaceAll('{t}', topic);
  return { opener: fill(hit[1]), points: hit[2].map(fill) };
}
