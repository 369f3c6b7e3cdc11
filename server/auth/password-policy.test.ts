import { describe, expect, it } from 'vitest';
import { isCommonPassword } from './common-passwords';
import { passwordProblem } from './password-policy';

describe('password policy', () => {
  it('ships a list of common passwords', () => {
    for (const p of ['123456', 'password', 'qwertyuiop', '1q2w3e4r5t', 'iloveyou']) expect(isCommonPassword(p)).toBe(true);
    expect(isCommonPassword('correct horse battery')).toBe(false);
  });

  it('refuses short, common (also dressed up), repeated and sequential passwords', () => {
    expect(passwordProblem('12345678', 10)).toMatch(/at least 10 characters/);
    expect(passwordProblem('nine char', 10)).toMatch(/at least 10/);
    expect(passwordProblem('1234567890', 10)).toMatch(/too common/);
    expect(passwordProblem('PASSWORD123', 10)).toMatch(/too common/);
    expect(passwordProblem('Password-2024!', 10)).toMatch(/too common/);
    expect(passwordProblem('q w e r t y u i o p', 10)).toMatch(/too common/);
    expect(passwordProblem('zzzzzzzzzzzz', 10)).toMatch(/too simple/);
    expect(passwordProblem('abababababab', 10)).toMatch(/too simple/);
    expect(passwordProblem('9876543210', 10)).toMatch(/too simple/);
  });

  it('accepts long passphrases and passwords with a common word inside a longer one', () => {
    for (const p of ['correct horse battery', 'long enough pw', 'editor-password-1', 'Tr0ub4dor&3x', 'cat 8472 9901 5532', 'pässwörter sind lang']) {
      expect(passwordProblem(p, 10), p).toBeNull();
    }
  });

  it('counts characters, not bytes, and honours the configured minimum', () => {
    expect(passwordProblem('äöüßéèêëïî', 10)).toBeNull();
    expect(passwordProblem('correct horse battery', 30)).toMatch(/at least 30/);
  });
});
