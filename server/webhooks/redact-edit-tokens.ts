// What a receiver answers is stored (attempt log, lastResponse). A receiver that echoes the body
// would hand the attempt's edit token back: it is cut out before anything is written.
import { EDIT_TOKEN_PREFIX } from '../edit-sessions/edit-token';

const EDIT_TOKEN = new RegExp(`${EDIT_TOKEN_PREFIX}[A-Za-z0-9_-]*`, 'g');

export function redactEditTokens(text: string): string;
export function redactEditTokens(text: string | null): string | null;
export function redactEditTokens(text: string | null): string | null {
  return text === null ? null : text.replace(EDIT_TOKEN, '[edit token removed]');
}
