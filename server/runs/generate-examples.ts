// Request and response examples of the generation endpoints, for the OpenAPI document (and so for
// the reference page's "try it" and the SDK's docs). openapi-examples.test.ts parses each one with
// the schema it illustrates, so an example cannot drift from the contract.
import type { ExampleDef } from '../http/define-operation';

const HOST = 'https://docsmith.example.com';
const RUN = 'run_01JAX3Q7M2B8K5T9V4N6C1D0EF';
const TASK = 'task_01JAX3Q7N4C2R8W5Y1P9H3G6ZK';
const blobUrl = (file: string) =>
  `${HOST}/api/v1/blobs/runs/${RUN}/v1/${encodeURIComponent(file)}?expires=1767225600&name=${encodeURIComponent(file)}&sig=Jm3kQ0y2b1V8ZgT5hC7xR4pW9sLdN6aE0uFqYiK1oMc`;
const editUrl = `${HOST}/api/v1/edit/${RUN}?token=edt_8fK2mQ9vX4cB7nR1tY6wZ3pL`;

/** 200: a sync call that finished. */
function completed(fields: {
  file: string | null;
  summary: string;
  credits: number;
  ms: number;
  extra?: Record<string, unknown>;
}): ExampleDef {
  return {
    summary: 'Finished (sync)',
    value: {
      run_id: RUN,
      task_id: TASK,
      status: 'completed',
      download_url: fields.file ? blobUrl(fields.file) : null,
      edit_url: fields.file ? editUrl : null,
      summary: fields.summary,
      credits_used: fields.credits,
      duration_ms: fields.ms,
      ...fields.extra,
    },
  };
}

/** 202: accepted; poll GET /tasks/{task_id} or wait for the webhook. */
const ACCEPTED: Record<string, ExampleDef> = {
  queued: { summary: 'Accepted (async: true)', value: { run_id: RUN, task_id: TASK, status: 'queued' } },
  upgraded: {
    summary: 'Sync call past the ceiling, continuing in the background',
    value: {
      run_id: RUN,
      task_id: TASK,
      status: 'running',
      code: 'sync_timeout_upgrade_async',
      message: `Sync ceiling (300s) exceeded; continuing asynchronously. Poll GET /tasks/${TASK}.`,
    },
  },
};

export const excelGenerateExamples = {
  request: {
    new: {
      summary: 'A new workbook',
      value: {
        prompt:
          'A 2026 sales workbook with sheets "Revenue" and "Costs": columns Month, Region, Amount, and a total row on each sheet',
        title: '2026 sales',
      },
    },
    resume: {
      summary: 'Resume a run',
      value: { run_id: RUN, prompt: 'Add a sheet named "Forecast" that projects Revenue 12 months ahead' },
    },
    async: {
      summary: 'In the background, with a webhook',
      value: {
        prompt: 'An inventory tracker with columns SKU, Item, Stock, Reorder level',
        async: true,
        webhook_url: 'https://hooks.example.com/docsmith',
      },
    },
  },
  responses: {
    200: {
      completed: completed({
        file: '2026 sales.xlsx',
        summary: 'Built sheets Revenue and Costs (12 rows each) with SUM totals.',
        credits: 41,
        ms: 1840,
      }),
    },
    202: ACCEPTED,
  },
};

export const wordGenerateExamples = {
  request: {
    new: {
      summary: 'A new document',
      value: {
        prompt:
          'A two-page onboarding guide for new support engineers: sections Tools, First week, Escalation, Contacts',
        file_name: 'Onboarding guide.docx',
      },
    },
    attachments: {
      summary: 'From uploaded material',
      value: {
        prompt: 'A project brief based on the attached notes, with the logo on the title page',
        file_ids: ['file_01JAX3R0B5D7F9H2K4M6P8S0TV'],
        image_ids: ['img_01JAX3R2C6E8G0J3L5N7Q9T1WX'],
      },
    },
  },
  responses: {
    200: {
      completed: completed({
        file: 'Onboarding guide.docx',
        summary: 'Wrote 4 sections (Tools, First week, Escalation, Contacts), 1,120 words.',
        credits: 36,
        ms: 2210,
      }),
    },
    202: ACCEPTED,
  },
};

export const slidesGenerateExamples = {
  request: {
    prompt: {
      summary: 'From a prompt',
      value: { prompt: 'A 7-slide deck introducing our quarterly roadmap to the sales team' },
    },
    outline: {
      summary: 'From an outline (POST /slides/outline)',
      value: {
        prompt: 'Quarterly roadmap for the sales team',
        outline: {
          title: 'Q3 roadmap',
          slides: [
            { title: 'Where we are', bullets: ['Revenue up 12% on Q2', 'Two new regions live'] },
            {
              title: 'What ships next',
              bullets: ['Shared workspaces', 'Offline mode'],
              notes: 'Mention the beta list.',
            },
          ],
        },
      },
    },
  },
  responses: {
    200: {
      completed: completed({
        file: 'Q3 roadmap.pptx',
        summary: 'Built a 7-slide deck: title, agenda, 4 content slides, closing.',
        credits: 52,
        ms: 2630,
      }),
    },
    202: ACCEPTED,
  },
};

export const outlineExamples = {
  request: {
    outline: {
      summary: 'Outline a deck',
      value: { prompt: 'A pitch for a neighbourhood composting service', slide_count: 5 },
    },
  },
  responses: {
    200: {
      completed: completed({
        file: null,
        summary: 'Outlined 5 slides.',
        credits: 6,
        ms: 420,
        extra: {
          outline: {
            title: 'Compost Together',
            slides: [
              { title: 'The problem', bullets: ['A third of household waste is organic'] },
              { title: 'Our service', bullets: ['Weekly pick-up', 'Compost returned each spring'] },
            ],
          },
        },
      }),
    },
    202: ACCEPTED,
  },
};

export const analyzeExamples = {
  request: {
    run: {
      summary: 'About a run’s workbook',
      value: { run_id: RUN, prompt: 'Which region had the highest revenue in March?' },
    },
  },
  responses: {
    200: {
      completed: completed({
        file: null,
        summary: 'Answered from 2 cells.',
        credits: 8,
        ms: 610,
        extra: {
          answer: 'North, with 48,200 in March.',
          cells_used: [
            { sheet: 'Revenue', ref: 'B4', value: 'North' },
            { sheet: 'Revenue', ref: 'C4', value: 48200 },
          ],
        },
      }),
    },
    202: ACCEPTED,
  },
};

export const textGenerateExamples = {
  request: {
    new: { summary: 'Generate text', value: { prompt: 'A three-sentence product update announcing CSV export' } },
    continue: { summary: 'Continue a text run', value: { run_id: RUN, prompt: 'Now a shorter version for a tweet' } },
  },
  responses: {
    200: {
      completed: completed({
        file: null,
        summary: 'Wrote 3 sentences.',
        credits: 4,
        ms: 380,
        extra: {
          text: 'You can now export any workbook to CSV. Pick a sheet, or take the first. Formula values come along, computed.',
        },
      }),
    },
    202: ACCEPTED,
  },
};

export const textSummarizeExamples = {
  request: {
    summarize: {
      summary: 'Summarize with instructions',
      value: {
        text: 'Our team met on Monday to plan the launch. Marketing will publish on the 14th; support doubles its rota that week…',
        prompt: 'Two bullet points',
      },
    },
  },
  responses: {
    200: {
      completed: completed({
        file: null,
        summary: 'Summarized in 2 bullet points.',
        credits: 3,
        ms: 290,
        extra: { text: '- Launch post goes out on the 14th.\n- Support doubles its rota that week.' },
      }),
    },
    202: ACCEPTED,
  },
};

export const textRewriteExamples = {
  request: {
    formal: {
      summary: 'Rewrite formally',
      value: { text: 'hey all, the build is broken again, pls dont merge', style: 'formal' },
    },
  },
  responses: {
    200: {
      completed: completed({
        file: null,
        summary: 'Rewrote in a formal style.',
        credits: 3,
        ms: 270,
        extra: {
          text: 'Dear colleagues, the build is currently failing; please refrain from merging until it is fixed.',
        },
      }),
    },
    202: ACCEPTED,
  },
};

export const preflightExamples = {
  request: {
    check: {
      summary: 'Check a request before sending it',
      value: {
        format: 'slides' as const,
        prompt: 'A 40-slide training deck',
        file_ids: ['file_01JAX3R0B5D7F9H2K4M6P8S0TV'],
      },
    },
  },
  responses: {
    200: {
      issues: {
        summary: 'Two issues found',
        value: {
          ok: false,
          issues: [
            { code: 'not_found', field: 'file_ids', message: 'file file_01JAX3R0B5D7F9H2K4M6P8S0TV not found' },
            {
              code: 'invalid_request',
              field: 'prompt',
              message: 'at most 30 slides per call; build larger decks across calls with run_id',
            },
          ],
          estimated_credits: 60,
          balance: 4200,
        },
      },
    },
  },
};
