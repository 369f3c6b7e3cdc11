// Lists the licences of every package installed for production (`npm ls --omit=dev --all`) and
// fails on any that is not permissive and not reviewed below (GPL, AGPL, SSPL, BUSL, none at all…).
// Run it after changing dependencies: `node scripts/check-licenses.mjs` (add --list for every package).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const PERMISSIVE = new Set(['MIT', 'ISC', 'Apache-2.0', 'BSD-2-Clause', 'BSD-3-Clause', '0BSD', 'BlueOak-1.0.0', 'Unlicense', 'MIT/X11', 'BSD', 'MIT and ISC', '(MIT AND Zlib)', '(Apache-2.0 AND BSD-3-Clause)', '(AFL-2.1 OR BSD-3-Clause)']);

/** Packages whose licence is not in PERMISSIVE, each with why it is fine for an Apache-2.0 project. */
const REVIEWED = {
  jszip: '(MIT OR GPL-3.0-or-later): used under MIT',
  only: 'no license field; MIT per its Readme (koa, under inngest)',
  buffers: 'no license field in 0.1.1; MIT per its repository (substack/node-buffers, under exceljs)',
  '@img/sharp-libvips-linux-x64': 'LGPL-3.0-or-later: libvips, loaded as a shared library by sharp (Next image optimisation), unmodified',
  '@img/sharp-libvips-linuxmusl-x64': 'LGPL-3.0-or-later: as above (musl build)',
  elkjs: 'EPL-2.0: weak, file-level copyleft, unmodified; only in Prisma Studio (prisma CLI), never in the app',
  'caniuse-lite': 'CC-BY-4.0: browser support data (build tooling)',
  '@fontsource/inter': 'OFL-1.1: the Inter font files, shipped unmodified',
  'type-fest': '(MIT OR CC0-1.0): used under MIT (types only, under @scalar/api-reference-react)',
  lightningcss: 'MPL-2.0: weak, file-level copyleft, unmodified; a CSS tool under @unhead/bundler (Scalar), never in the served pages',
  'lightningcss-linux-x64-gnu': 'MPL-2.0: as above (its native binary)',
};

const dirs = execFileSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], { encoding: 'utf8', maxBuffer: 1 << 26 })
  .trim()
  .split('\n')
  .slice(1);

function licenceOf(pkg) {
  const l = pkg.license ?? pkg.licenses;
  if (typeof l === 'string') return l;
  if (Array.isArray(l)) return l.map((x) => (typeof x === 'string' ? x : x.type)).join(' OR ');
  if (l && typeof l === 'object') return l.type;
  return 'UNKNOWN';
}

const byLicence = new Map();
const problems = [];
for (const dir of new Set(dirs)) {
  const file = path.join(dir, 'package.json');
  if (!existsSync(file)) continue;
  const pkg = JSON.parse(readFileSync(file, 'utf8'));
  const licence = licenceOf(pkg);
  const id = `${pkg.name}@${pkg.version}`;
  if (!byLicence.has(licence)) byLicence.set(licence, []);
  byLicence.get(licence).push(id);
  if (!PERMISSIVE.has(licence) && !REVIEWED[pkg.name]) problems.push(`${id}: ${licence}`);
}

for (const [licence, ids] of [...byLicence].sort((a, b) => b[1].length - a[1].length)) {
  const reviewed = [...new Set(ids.map((id) => REVIEWED[id.slice(0, id.lastIndexOf('@'))]).filter(Boolean))];
  const list = process.argv.includes('--list') || ids.length <= 3 ? ` ${ids.join(' ')}` : '';
  console.log(`${String(ids.length).padStart(5)}  ${licence}${list}${reviewed.length ? `\n         reviewed: ${reviewed.join('; ')}` : ''}`);
}
if (problems.length) {
  console.error(`\nLicences to review (add them to REVIEWED with the reason, or drop the package):\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`\n${dirs.length} packages: every licence is permissive or reviewed.`);
