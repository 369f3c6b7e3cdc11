import { monotonicFactory } from 'ulid';

const ulid = monotonicFactory();

export const ID_PREFIXES = [
  'usr', 'org', 'mem', 'key', 'run', 'task', 'ver', 'exp', 'edit', 'file', 'img', 'wh', 'whd', 'wha',
  'led', 'idem', 'acct', 'sess', 'inv',
] as const;
export type IdPrefix = (typeof ID_PREFIXES)[number];

/** A prefixed, time-sortable id ("run_01J…"): newer ids sort after older ones. */
export function newId(prefix: IdPrefix): string {
  return `${prefix}_${ulid()}`;
}

const shape = /^[a-z]+_[0-9A-HJKMNP-TV-Z]{26}$/;

/** True when the string is shaped like one of our ids with the given prefix. */
export function isId(value: string, prefix: IdPrefix): boolean {
  return value.startsWith(prefix + '_') && shape.test(value);
}
