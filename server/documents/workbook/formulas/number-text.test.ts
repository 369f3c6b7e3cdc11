import { describe, expect, it } from 'vitest';
import { numberToText } from './number-text';

describe('numbers as text (implicit conversion)', () => {
  it('writes at most 15 significant digits, scientific outside Excel’s range', () => {
    expect([0, 1, -42, 0.5, 1 / 3, 0.1 + 0.2, 2 / 3, 123456789012345, 1e15, 1.5e20, 1e-10, 0.000123, -1234.5678].map(numberToText)).toEqual([
      '0', '1', '-42', '0.5', '0.333333333333333', '0.3', '0.666666666666667', '123456789012345', '1E+15', '1.5E+20', '1E-10', '0.000123', '-1234.5678',
    ]);
  });
});
