// The shipped list of common passwords (common-passwords.txt: 11,412 entries, lower case, one per
// line; provenance and licence in common-passwords.LICENSE.txt), loaded once on first use.
import { readFileSync } from 'node:fs';
import path from 'node:path';

// turbopackIgnore: read at run time from the project folder, like prisma/migrations.
const LIST_FILE = () => path.resolve(/*turbopackIgnore: true*/ process.cwd(), 'server/auth/common-passwords.txt');

let list: Set<string> | undefined;

function commonPasswords(): Set<string> {
  list ??= new Set(
    readFileSync(LIST_FILE(), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean),
  );
  return list;
}

/** True when the (lower-cased) candidate is on the list. */
export function isCommonPassword(candidate: string): boolean {
  return commonPasswords().has(candidate.toLowerCase());
}
