import { describe, expect, it } from 'vitest';
import { stringifyShared } from './stringify-shared';

describe('stringifyShared', () => {
  it('serializes an object once and returns the same text for it afterwards', () => {
    const value = { a: [1, 2, 3] };
    const first = stringifyShared(value);
    expect(first).toBe('{"a":[1,2,3]}');
    value.a.push(4); // shared objects never change; this shows the text is not rebuilt
    expect(stringifyShared(value)).toBe(first);
    expect(stringifyShared({ a: [1, 2, 3, 4] })).toBe('{"a":[1,2,3,4]}');
  });
});
