// The editor runs in customer iframes whose recommended sandbox ("allow-scripts allow-same-origin
// allow-forms", no allow-modals) blocks window.prompt / alert / confirm: the editor must never
// call them (a dialog in the page instead, like image-dialog.tsx).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const DIR = path.resolve(__dirname);
const BLOCKING = /(?<![\w.$])(?:(?:window|self|globalThis)\s*\.\s*)?(prompt|alert|confirm)\s*\(/g;

/** The code without comments and string contents (so "press confirm (Enter)" in a text does not count). */
function code(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:])\/\/.*$/gm, '$1')
    .replace(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"/g, "''");
}

function blockingDialogCalls(text: string): string[] {
  return [...code(text).matchAll(BLOCKING)].map((m) => m[0]);
}

describe('editor code', () => {
  it('the detector finds the calls it must find', () => {
    expect(blockingDialogCalls("const u = window.prompt('Image URL');")).toEqual(['window.prompt(']);
    expect(blockingDialogCalls('if (confirm ("Delete?")) x();')).toEqual(['confirm (']);
    expect(blockingDialogCalls('globalThis.alert(1); self.alert(2)')).toHaveLength(2);
    expect(blockingDialogCalls('// window.prompt() in a comment\nconst s = "alert(1)"; api.confirm(x); promptText(y);')).toEqual([]);
  });

  it('calls no window.prompt / alert / confirm (blocked by the embed sandbox)', () => {
    const files = readdirSync(DIR, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(ts|tsx)$/.test(f) && !/\.test\.tsx?$/.test(f));
    expect(files.length).toBeGreaterThan(10);
    const found = files.flatMap((f) => blockingDialogCalls(readFileSync(path.join(DIR, f), 'utf8')).map((call) => `${f}: ${call}`));
    expect(found).toEqual([]);
  });
});
