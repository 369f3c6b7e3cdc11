/**
 * What the agent's review uses in a task: LibreOffice's page count for documents (a prompt that
 * asks for 2 pages is checked against the real layout) and, with AI_VISUAL_REVIEW, renders of the
 * first pages or slides. Both answer null where LibreOffice is not installed.
 */
import type { ReviewServices } from '../agent/review/review-services';
import { countDocumentPages } from '../exports/count-document-pages';
import { documentPageImages } from '../exports/page-images';
import { renderForFormatIsolated } from '../rendering/render-for-format';

const EXTENSION = { excel: 'xlsx', word: 'docx', slides: 'pptx' } as const;

export function taskReviewServices(): ReviewServices {
  return {
    countPages: (docx) => countDocumentPages(docx),
    pageImages: async (format, model) => {
      const file = await renderForFormatIsolated(format, model, null);
      return documentPageImages(file.bytes, EXTENSION[format]);
    },
  };
}
