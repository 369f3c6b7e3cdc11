// The icons of conditional-format icon sets (Excel's names: 3Arrows, 4TrafficLights, 5Rating…),
// drawn on the grid's canvas at the left of a cell. Index 0 is the icon of the lowest values.
// The shapes are simple vector drawings in Excel's colours, so the grid shows what the file asks
// for without shipping Excel's bitmaps.

type Dir = 'up' | 'upright' | 'right' | 'downright' | 'down';
type Glyph =
  | { shape: 'arrow'; dir: Dir; color: string }
  | { shape: 'circle'; color: string; rim?: boolean }
  | { shape: 'diamond' | 'triangle' | 'flag' | 'tri-up' | 'tri-down' | 'dash'; color: string }
  | { shape: 'check' | 'cross' | 'excl'; color: string; circled: boolean }
  | { shape: 'star'; fill: number }
  | { shape: 'bars' | 'quarters' | 'boxes'; fill: number };

const GREEN = '#00A65D';
const YELLOW = '#FFB628';
const RED = '#E0301E';
const GRAY = '#808080';
const BLACK = '#3A3A3A';

const arrows = (dirs: Dir[], colors: string[]): Glyph[] => dirs.map((dir, i) => ({ shape: 'arrow', dir, color: colors[i]! }));
const circles = (colors: string[], rim = false): Glyph[] => colors.map((color) => ({ shape: 'circle', color, rim }));
const levels = (shape: 'bars' | 'quarters' | 'boxes', n: number, from = 0): Glyph[] => Array.from({ length: n }, (_, i) => ({ shape, fill: (i + from) / (n - 1 + from) }));

export const ICON_SETS: Record<string, Glyph[]> = {
  '3Arrows': arrows(['down', 'right', 'up'], [RED, YELLOW, GREEN]),
  '3ArrowsGray': arrows(['down', 'right', 'up'], [GRAY, GRAY, GRAY]),
  '4Arrows': arrows(['down', 'downright', 'upright', 'up'], [RED, YELLOW, YELLOW, GREEN]),
  '4ArrowsGray': arrows(['down', 'downright', 'upright', 'up'], [GRAY, GRAY, GRAY, GRAY]),
  '5Arrows': arrows(['down', 'downright', 'right', 'upright', 'up'], [RED, YELLOW, YELLOW, YELLOW, GREEN]),
  '5ArrowsGray': arrows(['down', 'downright', 'right', 'upright', 'up'], [GRAY, GRAY, GRAY, GRAY, GRAY]),
  '3TrafficLights1': circles([RED, YELLOW, GREEN]),
  '3TrafficLights2': circles([RED, YELLOW, GREEN], true),
  '4TrafficLights': circles([BLACK, RED, YELLOW, GREEN]),
  '4RedToBlack': circles([BLACK, GRAY, '#F4A6A6', RED]),
  '3Signs': [
    { shape: 'diamond', color: RED },
    { shape: 'triangle', color: YELLOW },
    { shape: 'circle', color: GREEN },
  ],
  '3Symbols': [
    { shape: 'cross', color: RED, circled: true },
    { shape: 'excl', color: YELLOW, circled: true },
    { shape: 'check', color: GREEN, circled: true },
  ],
  '3Symbols2': [
    { shape: 'cross', color: RED, circled: false },
    { shape: 'excl', color: YELLOW, circled: false },
    { shape: 'check', color: GREEN, circled: false },
  ],
  '3Flags': [
    { shape: 'flag', color: RED },
    { shape: 'flag', color: YELLOW },
    { shape: 'flag', color: GREEN },
  ],
  '3Stars': [
    { shape: 'star', fill: 0 },
    { shape: 'star', fill: 0.5 },
    { shape: 'star', fill: 1 },
  ],
  '3Triangles': [
    { shape: 'tri-down', color: RED },
    { shape: 'dash', color: YELLOW },
    { shape: 'tri-up', color: GREEN },
  ],
  '4Rating': levels('bars', 4, 1),
  '5Rating': levels('bars', 5),
  '5Quarters': levels('quarters', 5),
  '5Boxes': levels('boxes', 5),
};

/** How many icons a set has (its name starts with the count); unknown sets are traffic lights. */
export function iconCount(set: string): number {
  return (ICON_SETS[set] ?? ICON_SETS['3TrafficLights1']!).length;
}

const ANGLE: Record<Dir, number> = { up: -90, upright: -45, right: 0, downright: 45, down: 90 };

/** Draws icon `index` of `set` in the square of side `s` at (x, y). */
export function drawCfIcon(ctx: CanvasRenderingContext2D, set: string, index: number, x: number, y: number, s: number): void {
  const list = ICON_SETS[set] ?? ICON_SETS['3TrafficLights1']!;
  const g = list[Math.max(0, Math.min(list.length - 1, index))]!;
  const cx = x + s / 2;
  const cy = y + s / 2;
  const r = s / 2;
  ctx.save();
  ctx.lineJoin = 'round';
  ctx.lineCap = 'round';
  switch (g.shape) {
    case 'arrow': {
      ctx.translate(cx, cy);
      ctx.rotate((ANGLE[g.dir] * Math.PI) / 180);
      ctx.fillStyle = g.color;
      ctx.beginPath();
      // pointing right: shaft then head
      ctx.moveTo(-r * 0.85, -r * 0.22);
      ctx.lineTo(r * 0.05, -r * 0.22);
      ctx.lineTo(r * 0.05, -r * 0.65);
      ctx.lineTo(r * 0.9, 0);
      ctx.lineTo(r * 0.05, r * 0.65);
      ctx.lineTo(r * 0.05, r * 0.22);
      ctx.lineTo(-r * 0.85, r * 0.22);
      ctx.closePath();
      ctx.fill();
      break;
    }
    case 'circle':
      ctx.fillStyle = g.color;
      ctx.beginPath();
      ctx.arc(cx, cy, r * 0.8, 0, Math.PI * 2);
      ctx.fill();
      if (g.rim) {
        ctx.strokeStyle = BLACK;
        ctx.lineWidth = Math.max(1, s / 10);
        ctx.stroke();
      }
      break;
    case 'diamond':
      ctx.fillStyle = g.color;
      ctx.beginPath();
      ctx.moveTo(cx, cy - r * 0.85);
      ctx.lineTo(cx + r * 0.85, cy);
      ctx.lineTo(cx, cy + r * 0.85);
      ctx.lineTo(cx - r * 0.85, cy);
      ctx.closePath();
      ctx.fill();
      break;
    case 'triangle':
    case 'tri-up':
    case 'tri-down': {
      const down = g.shape === 'tri-down';
      const k = g.shape === 'triangle' ? 0.85 : 0.6;
      ctx.fillStyle = g.color;
      ctx.beginPath();
      ctx.moveTo(cx, down ? cy + r * k : cy - r * k);
      ctx.lineTo(cx + r * k, down ? cy - r * k * 0.7 : cy + r * k * 0.7);
      ctx.lineTo(cx - r * k, down ? cy - r * k * 0.7 : cy + r * k * 0.7);
      ctx.closePath();
      ctx.fill();
      break;
    }
    case 'dash':
      ctx.fillStyle = g.color;
      ctx.fillRect(cx - r * 0.6, cy - r * 0.18, r * 1.2, r * 0.36);
      break;
    case 'flag':
      ctx.strokeStyle = BLACK;
      ctx.lineWidth = Math.max(1, s / 12);
      ctx.beginPath();
      ctx.moveTo(cx - r * 0.55, cy + r * 0.85);
      ctx.lineTo(cx - r * 0.55, cy - r * 0.85);
      ctx.stroke();
      ctx.fillStyle = g.color;
      ctx.beginPath();
      ctx.moveTo(cx - r * 0.5, cy - r * 0.85);
      ctx.lineTo(cx + r * 0.8, cy - r * 0.4);
      ctx.lineTo(cx - r * 0.5, cy + r * 0.05);
      ctx.closePath();
      ctx.fill();
      break;
    case 'check':
    case 'cross':
    case 'excl': {
      const ink = g.circled ? '#FFFFFF' : g.color;
      if (g.circled) {
        ctx.fillStyle = g.color;
        ctx.beginPath();
        ctx.arc(cx, cy, r * 0.85, 0, Math.PI * 2);
        ctx.fill();
      }
      ctx.strokeStyle = ink;
      ctx.fillStyle = ink;
      ctx.lineWidth = Math.max(1.5, s / 6);
      ctx.beginPath();
      if (g.shape === 'check') {
        ctx.moveTo(cx - r * 0.45, cy);
        ctx.lineTo(cx - r * 0.1, cy + r * 0.35);
        ctx.lineTo(cx + r * 0.45, cy - r * 0.35);
        ctx.stroke();
      } else if (g.shape === 'cross') {
        ctx.moveTo(cx - r * 0.38, cy - r * 0.38);
        ctx.lineTo(cx + r * 0.38, cy + r * 0.38);
        ctx.moveTo(cx + r * 0.38, cy - r * 0.38);
        ctx.lineTo(cx - r * 0.38, cy + r * 0.38);
        ctx.stroke();
      } else {
        ctx.moveTo(cx, cy - r * 0.5);
        ctx.lineTo(cx, cy + r * 0.1);
        ctx.stroke();
        ctx.beginPath();
        ctx.arc(cx, cy + r * 0.45, Math.max(1, s / 12), 0, Math.PI * 2);
        ctx.fill();
      }
      break;
    }
    case 'star': {
      const path = () => {
        ctx.beginPath();
        for (let i = 0; i < 10; i++) {
          const a = -Math.PI / 2 + (i * Math.PI) / 5;
          const rr = i % 2 ? r * 0.4 : r * 0.9;
          ctx.lineTo(cx + rr * Math.cos(a), cy + rr * Math.sin(a));
        }
        ctx.closePath();
      };
      ctx.fillStyle = '#FFFFFF';
      path();
      ctx.fill();
      if (g.fill > 0) {
        ctx.save();
        ctx.beginPath();
        ctx.rect(x, y, s * g.fill, s);
        ctx.clip();
        ctx.fillStyle = '#FFC000';
        path();
        ctx.fill();
        ctx.restore();
      }
      ctx.strokeStyle = '#C99A00';
      ctx.lineWidth = 1;
      path();
      ctx.stroke();
      break;
    }
    case 'bars': {
      // four signal bars, as many dark as the level
      const n = 4;
      const w = s / (n * 1.5);
      for (let i = 0; i < n; i++) {
        const h = (s * 0.85 * (i + 1)) / n;
        ctx.fillStyle = i < Math.round(g.fill * n) ? '#1F4E9C' : '#C8C8C8';
        ctx.fillRect(x + i * w * 1.5 + w * 0.25, y + s * 0.92 - h, w, h);
      }
      break;
    }
    case 'quarters':
      ctx.fillStyle = '#FFFFFF';
      ctx.strokeStyle = BLACK;
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.arc(cx, cy, r * 0.8, 0, Math.PI * 2);
      ctx.fill();
      ctx.stroke();
      if (g.fill > 0) {
        ctx.fillStyle = BLACK;
        ctx.beginPath();
        ctx.moveTo(cx, cy);
        ctx.arc(cx, cy, r * 0.8, -Math.PI / 2, -Math.PI / 2 + Math.PI * 2 * g.fill);
        ctx.closePath();
        ctx.fill();
      }
      break;
    case 'boxes': {
      const q = Math.round(g.fill * 4);
      const b = s * 0.4;
      const cells = [
        [0, 0],
        [1, 0],
        [0, 1],
        [1, 1],
      ] as const;
      cells.forEach(([i, j], k) => {
        ctx.fillStyle = k < q ? '#1F4E9C' : '#C8C8C8';
        ctx.fillRect(x + s * 0.08 + i * (b + s * 0.04), y + s * 0.08 + j * (b + s * 0.04), b, b);
      });
      break;
    }
  }
  ctx.restore();
}
