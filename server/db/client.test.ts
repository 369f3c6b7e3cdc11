import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openPglite } from './client';

describe('embedded database', () => {
  it('persists across reopen and refuses a second live process on the same folder', async () => {
    const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'ds-pglite-')), 'db');
    const first = await openPglite(dir);
    await first.prisma.organization.create({ data: { id: 'org_persist', name: 'P', kind: 'workspace' } });
    await first.close();

    const again = await openPglite(dir);
    expect((await again.prisma.organization.findUnique({ where: { id: 'org_persist' } }))?.name).toBe('P');
    // Another process (pid 1 is always alive) holding the lock is refused with a clear message.
    const { writeFileSync } = await import('node:fs');
    await again.close();
    writeFileSync(path.join(dir, '.docsmith.lock'), '1');
    await expect(openPglite(dir)).rejects.toThrow(/in use by process 1/);
  });
});
