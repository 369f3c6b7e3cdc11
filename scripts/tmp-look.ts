import { writeFileSync } from 'node:fs';
import { runAgent } from '../server/agent/run-agent';
import { renderForFormat } from '../server/rendering/render-for-format';
async function main() {
  const [format, prompt, out] = process.argv.slice(2) as ['excel' | 'word' | 'slides', string, string];
  const d = await runAgent({ format, prompt, document: null, memory: null }, { settings: { provider: 'offline', maxTurns: 30, timeoutMs: 5000, reviewRounds: 2 } });
  console.log(d.summary.slice(0, 300), JSON.stringify(d.reviews), d.findings.map((f) => `${f.code} ${f.location}`));
  writeFileSync(out, (await renderForFormat(format, d.document, null)).bytes);
}
void main();
