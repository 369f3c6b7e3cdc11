// The slide editor's view of the layout plan (lib/deck/slide-layout.ts) that the .pptx renderer draws
// and the deck inspection measures, so the editor shows text where the file has it, at its size and
// spacing. The editor also gets the empty title, subtitle and bullet boxes a slide could fill.
import { planSlide, type Box, type PlacedText } from '@/lib/deck/slide-layout';
import type { DeckTheme, Slide } from '@/server/documents/deck/schema';

export type { Box, PlacedText };

export interface SlideGeometry {
  dark: boolean;
  title?: PlacedText;
  subtitle?: PlacedText;
  accent?: Box;
  bullets?: PlacedText;
  /** big-number: the supporting lines (the slide's bullets, drawn without bullet marks) */
  body?: PlacedText;
  /** per column of the two-column layout */
  columns: Array<{ heading?: PlacedText; bullets?: PlacedText }>;
  elementBox: Box;
}

export function slideGeometry(s: Slide, theme: Pick<DeckTheme, 'headingFont' | 'bodyFont'>): SlideGeometry {
  const plan = planSlide(s, theme, { emptyBoxes: true });
  const byRole = (role: PlacedText['role']) => plan.texts.find((t) => t.role === role);
  const inColumn = (role: PlacedText['role'], i: number) => plan.texts.find((t) => t.role === role && t.column === i);
  // big-number and quote slides show their title as the figure or the quotation, their subtitle as its label or attribution
  const title = byRole('title') ?? byRole('figure') ?? byRole('quote');
  const subtitle = byRole('subtitle') ?? byRole('caption') ?? byRole('attribution');
  const bullets = byRole('bullets');
  const body = byRole('body');
  return {
    dark: plan.dark,
    ...(title ? { title } : {}),
    ...(subtitle ? { subtitle } : {}),
    ...(plan.accent ? { accent: plan.accent } : {}),
    ...(bullets ? { bullets } : {}),
    ...(body ? { body } : {}),
    columns:
      s.layout === 'two-column'
        ? (s.columns ?? []).map((_, i) => ({
            heading: inColumn('column-heading', i),
            bullets: inColumn('column-bullets', i),
          }))
        : [],
    elementBox: plan.elementBox,
  };
}
