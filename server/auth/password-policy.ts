// What a new password must be (NIST SP 800-63B style: length, not composition rules): at least
// PASSWORD_MIN_LENGTH characters, not on the shipped common-password list (nor such a password
// dressed up with digits and symbols, like "Password-123!"), not one character repeated or a run
// such as "abcdefghij". Returns the reason a person can act on, or null when the password is fine.
import { env } from '../env';
import { ApiError } from '../http/api-error';
import { isCommonPassword } from './common-passwords';

function isRepetitiveOrSequential(chars: string[]): boolean {
  if (new Set(chars).size <= 2) return true;
  const codes = chars.map((c) => c.codePointAt(0)!);
  const step = codes[1]! - codes[0]!;
  return Math.abs(step) <= 1 && codes.every((c, i) => i === 0 || c - codes[i - 1]! === step);
}

export function passwordProblem(password: string, minLength = env().PASSWORD_MIN_LENGTH): string | null {
  const normalised = password.normalize('NFKC');
  const chars = [...normalised];
  if (chars.length < minLength) return `password must have at least ${minLength} characters`;
  const lower = normalised.toLowerCase();
  const letters = lower.replace(/[^\p{L}]/gu, '');
  const commonCore = letters.length * 2 >= chars.length && isCommonPassword(letters);
  if (isCommonPassword(lower) || isCommonPassword(lower.replace(/\s+/g, '')) || commonCore) {
    return 'password is too common (it is on lists of passwords that attackers try first): choose another, e.g. a few unrelated words';
  }
  if (isRepetitiveOrSequential(chars)) return 'password is too simple (repeated or sequential characters): choose another';
  return null;
}

/** Refuses a weak password with the same 400 as the register endpoint's body validation. */
export function assertAcceptablePassword(password: string): void {
  const weak = passwordProblem(password);
  if (weak) throw new ApiError('invalid_request', weak, { issues: [{ location: 'body', path: 'password', message: weak }] });
}
