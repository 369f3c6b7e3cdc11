import { describe, expect, it } from 'vitest';
import { amountsIn, durationMonths, ratePct, savingsInputs } from './money-amounts';

describe('amounts of money in a prompt', () => {
  it('reads currency signs, thousands separators and k / m suffixes, and skips rates, years and durations', () => {
    expect(amountsIn('loan of $250,000 at 6.5% over 30 years').map((a) => a.value)).toEqual([250000]);
    expect(amountsIn('a loan schedule for 320k at 5% over 20 years').map((a) => a.value)).toEqual([320000]);
    expect(amountsIn('1.2m mortgage at 3.9% for 30 years in 2026').map((a) => a.value)).toEqual([1200000]);
    expect(amountsIn('£180k borrowed').map((a) => [a.value, a.money])).toEqual([[180000, true]]);
    expect(amountsIn('a 20-year loan for 25 students')).toEqual([]);
  });
  it('reads durations and rates', () => {
    expect(durationMonths('for 3 years')).toBe(36);
    expect(durationMonths('over twelve months')).toBe(12);
    expect(durationMonths('a five-year plan')).toBe(60);
    expect(durationMonths('for 18 months')).toBe(18);
    expect(ratePct('at 4.5% interest')).toBe(4.5);
    expect(ratePct('at 3 percent')).toBe(3);
  });
  it('tells the monthly contribution, the goal and the starting balance apart by the words around them', () => {
    expect(savingsInputs('put away $400 a month for 3 years at 4.5% interest')).toEqual({ monthly: 400 });
    expect(savingsInputs('savings tracker to reach a 10,000 goal, saving 250 per month')).toEqual({ monthly: 250, goal: 10000 });
    expect(savingsInputs('starting with 2,000, adding 150 a month')).toEqual({ monthly: 150, start: 2000 });
    expect(savingsInputs('monthly deposits of 300 with a target of 5k; I already have 1,500')).toEqual({ monthly: 300, goal: 5000, start: 1500 });
    expect(savingsInputs('a savings plan with 200')).toEqual({ monthly: 200 });
    expect(savingsInputs('monthly savings plan for a £5k holiday fund')).toEqual({ goal: 5000 });
    expect(savingsInputs('a savings plan to save £20,000 for a wedding in 2 years')).toEqual({ goal: 20000 });
  });
});
