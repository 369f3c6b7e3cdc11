/**
 * Test settings: sets the given environment variables (and re-reads server/env.ts); the function it
 * returns puts back what was there before and re-reads again.
 */
import { resetEnvForTests } from '../env';

export function overrideEnv(settings: Record<string, string>): () => void {
  const saved: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(settings)) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
  resetEnvForTests();
  return () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    resetEnvForTests();
  };
}
