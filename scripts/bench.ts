// `npm run bench [name…]`: runs every benchmark in scripts/bench/ (or the named ones), each in its
// own process so that timings and peak memory do not mix. Benchmarks print their own figures.
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const dir = path.join(__dirname, 'bench');
const wanted = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
  // a name that is a bench's own name runs that one only ("agent" is not also "agent-resume-tokens")
  .filter((f, _, all) => !wanted.length || wanted.some((w) => (all.includes(`${w}.ts`) ? f === `${w}.ts` : f.includes(w))))
  .sort();
let failed = 0;
for (const f of files) {
  console.log(`\n=== ${f} ===`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(dir, f)], {
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'silent' },
  });
  if (r.status !== 0) {
    failed++;
    console.log(`!!! ${f} exited with ${r.status}`);
  }
}
process.exit(failed ? 1 : 0);
