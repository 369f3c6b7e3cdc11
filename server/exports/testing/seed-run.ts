// Tests and benchmarks: a run with one rendered version, made directly from a document model
// (the renderers the pipeline uses), without going through the agent.
import type { Db } from '../../db/client';
import { newId } from '../../db/ids';
import { parseDeck } from '../../documents/deck/schema';
import { parseDocument } from '../../documents/document/schema';
import { parseWorkbook } from '../../documents/workbook/schema';
import { renderForFormat, type RenderableFormat } from '../../rendering/render-for-format';
import { putRenderedFile } from '../../runs/put-rendered-file';

const PARSERS: Record<RenderableFormat, (m: unknown) => unknown> = { excel: parseWorkbook, word: parseDocument, slides: parseDeck };

export async function seedRun(db: Db, orgId: string, format: RenderableFormat, model: unknown, title = 'Seeded run') {
  const parsed = PARSERS[format](model);
  const file = await renderForFormat(format, parsed, title);
  const runId = newId('run');
  const blobKey = `runs/${runId}/v1/document.${file.fileName.split('.').pop()}`;
  const put = await putRenderedFile(blobKey, file);
  await db.run.create({
    data: { id: runId, orgId, format, status: 'completed', title, prompt: 'seeded', currentVersion: 1, fileName: file.fileName },
  });
  await db.artifactVersion.create({
    data: { id: newId('ver'), runId, version: 1, source: 'upload', model: parsed as object, blobKey, sha256: put.sha256, size: put.size },
  });
  return runId;
}
