// The slide editor's ops over HTTP: a save with slide and element ops becomes the next version and
// the downloaded pptx has it; a bad op (missing slide, hostile image, oversized batch) is a 4xx in
// the one error shape and writes nothing; another org's token cannot reach the run.
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { POST as slides } from './slides/generate/route';
import { GET as download } from './runs/[run_id]/download/route';
import { GET as getDoc, PUT as putDoc } from './edit/[run_id]/document/route';
import { sampleChartPng } from '@/server/documents/fixtures/sample-image';
import { call } from '@/server/test/api-client';
import { fetchSigned, orgWithKey, runLocalWorker } from '@/server/test/generation-harness';
import { setupTestDb } from '@/server/test/test-db';

const t = setupTestDb();
runLocalWorker();
let a: { orgId: string; key: string };
let b: { orgId: string; key: string };

const tokenOf = (editUrl: string) => new URL(editUrl).searchParams.get('token')!;

beforeAll(async () => {
  a = await orgWithKey(t.db, { name: 'A' });
  b = await orgWithKey(t.db, { name: 'B' });
}, 60_000);

async function deckRun(key: string) {
  const s = await call(slides, 'POST', '/x', { key, json: { prompt: 'a 3-slide deck about onboarding' } });
  expect(s.status).toBe(200);
  const token = tokenOf(s.json.edit_url);
  const doc = await call(getDoc, 'GET', `/x?token=${token}`, { params: { run_id: s.json.run_id } });
  return {
    runId: s.json.run_id as string,
    token,
    version: doc.json.version as number,
    ids: (doc.json.model.slides as Array<{ id: string }>).map((x) => x.id),
  };
}

describe('deck ops through the editor API', () => {
  it('add / duplicate / delete slides, a moved chart, formatted text and an image reach the pptx', async () => {
    const r = await deckRun(a.key);
    const png = `data:image/png;base64,${sampleChartPng().toString('base64')}`;
    const ops = [
      {
        op: 'insertSlide',
        after: r.ids[0],
        slide: {
          id: 'added',
          layout: 'chart',
          title: 'Added chart',
          elements: [
            {
              kind: 'chart',
              chartType: 'column',
              categories: ['Jan', 'Feb'],
              series: [{ name: 'Units', values: [7, 9] }],
              x: 1,
              y: 2,
              w: 6,
              h: 4,
            },
          ],
        },
      },
      {
        op: 'insertSlide',
        after: 'added',
        slide: {
          id: 'added-copy',
          layout: 'blank',
          elements: [
            {
              kind: 'text',
              x: 1,
              y: 1,
              w: 6,
              h: 1,
              paragraphs: [{ runs: [{ text: 'Bold copy', bold: true, size: 32 }], align: 'right' }],
            },
            { kind: 'image', src: png, x: 7, y: 1, w: 3, h: 2 },
          ],
        },
      },
      { op: 'deleteSlide', id: r.ids[2] },
      {
        op: 'setElement',
        slide: 'added',
        index: 0,
        element: {
          kind: 'chart',
          chartType: 'column',
          categories: ['Jan', 'Feb', 'Mar'],
          series: [{ name: 'Units', values: [7, 9, 11] }],
          x: 2,
          y: 2.5,
          w: 6,
          h: 4,
        },
      },
    ];
    const saved = await call(putDoc, 'PUT', '/x', {
      params: { run_id: r.runId },
      json: { token: r.token, base_version: r.version, edit: { kind: 'deck', ops } },
    });
    expect(saved.status, JSON.stringify(saved.json)).toBe(200);
    expect(saved.json.version).toBe(r.version + 1);
    const d = await call(download, 'GET', '/x', { key: a.key, params: { run_id: r.runId } });
    const zip = await JSZip.loadAsync((await fetchSigned(d.headers.get('location')!)).bytes);
    const slideFiles = Object.keys(zip.files).filter((f) => /^ppt\/slides\/slide\d+\.xml$/.test(f));
    expect(slideFiles).toHaveLength(4);
    const s2 = await zip.file('ppt/slides/slide2.xml')!.async('string');
    expect(s2).toContain('Added chart');
    expect(s2).toContain(`<a:off x="${2 * 914400}" y="${2.5 * 914400}"/>`);
    const s3 = await zip.file('ppt/slides/slide3.xml')!.async('string');
    expect(s3).toMatch(/algn="r"[\s\S]*sz="3200" b="1"[\s\S]*Bold copy/);
    expect(s3).toContain('<p:pic>');
    const chart = await zip
      .file(Object.keys(zip.files).find((f) => /^ppt\/charts\/chart\d+\.xml$/.test(f))!)!
      .async('string');
    expect(chart).toMatch(/<c:cat>[\s\S]*<c:v>Mar<\/c:v>/);
    expect(chart).toMatch(/<c:val>[\s\S]*<c:v>11<\/c:v>/);
  });

  it('bad ops are a 4xx in the error shape and write nothing; another org’s token is refused', async () => {
    const r = await deckRun(a.key);
    const put = (ops: unknown[]) =>
      call(putDoc, 'PUT', '/x', {
        params: { run_id: r.runId },
        json: { token: r.token, base_version: r.version, edit: { kind: 'deck', ops } },
      });
    const html = `data:image/png;base64,${Buffer.from('<html><script>alert(1)</script></html>').toString('base64')}`;
    for (const ops of [
      [{ op: 'deleteSlide', id: 'nope' }],
      [{ op: 'setElements', slide: r.ids[0], elements: [{ kind: 'image', src: html, x: 1, y: 1, w: 1, h: 1 }] }],
      [
        {
          op: 'setElements',
          slide: r.ids[0],
          elements: [{ kind: 'image', src: 'https://tracker.example/x.png', x: 1, y: 1, w: 1, h: 1 }],
        },
      ],
      [{ op: 'insertSlide', after: null, slide: { id: r.ids[1], layout: 'blank' } }],
      Array.from({ length: 501 }, () => ({ op: 'moveSlide', id: r.ids[0], after: null })),
    ]) {
      const res = await put(ops);
      expect(res.status, JSON.stringify(ops).slice(0, 200)).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.json.error.code).toBeTruthy();
    }
    const after = await call(getDoc, 'GET', `/x?token=${r.token}`, { params: { run_id: r.runId } });
    expect(after.json.version).toBe(r.version);
    // a token of org B on org A's run
    const other = await deckRun(b.key);
    const cross = await call(putDoc, 'PUT', '/x', {
      params: { run_id: r.runId },
      json: {
        token: other.token,
        base_version: r.version,
        edit: { kind: 'deck', ops: [{ op: 'deleteSlide', id: r.ids[0] }] },
      },
    });
    expect(cross.status).toBe(404);
  });
});
