'use client';
// A slide chart drawn as the .pptx renderer writes it (server/documents/deck/render-pptx.ts addChart):
// title 16 pt on top, category labels 12 pt, value labels 11 pt with light grid lines, axis titles
// 12 pt, the legend 12 pt at the bottom (right of pies), data labels when showValues, percentages
// on pies; series colours: the theme's primary, accent, then the Office palette. 1 pt = 1 px here.
import type { ChartElement, DeckTheme } from '@/server/documents/deck/schema';

/** The renderer's palette (server/documents/common/xml.ts PALETTE). */
const PALETTE = [
  '#4472C4',
  '#ED7D31',
  '#A5A5A5',
  '#FFC000',
  '#5B9BD5',
  '#70AD47',
  '#264478',
  '#9E480E',
  '#636363',
  '#997300',
];

export function seriesColors(el: ChartElement, theme: DeckTheme): string[] {
  const round = el.chartType === 'pie' || el.chartType === 'doughnut';
  if (round)
    return el.categories.map((_, i) =>
      i === 0 ? theme.colors.primary : i === 1 ? theme.colors.accent : PALETTE[i % PALETTE.length]!,
    );
  return el.series.map(
    (s, i) =>
      s.color ?? (i === 0 ? theme.colors.primary : i === 1 ? theme.colors.accent : PALETTE[(i + 2) % PALETTE.length]!),
  );
}

function niceStep(range: number): number {
  const raw = range / 6 || 1;
  const p = 10 ** Math.floor(Math.log10(raw));
  const m = raw / p;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}

const fmt = (v: number) => (Math.abs(v) >= 1000 ? v.toLocaleString('en-US') : String(Math.round(v * 100) / 100));
const textW = (s: string, size: number) => s.length * size * 0.52;

export function SlideChart({
  el,
  width,
  height,
  theme,
}: {
  el: ChartElement;
  width: number;
  height: number;
  theme: DeckTheme;
}) {
  const font = `${theme.bodyFont}, Carlito, sans-serif`;
  const colors = seriesColors(el, theme);
  const round = el.chartType === 'pie' || el.chartType === 'doughnut';
  const horizontal = el.chartType === 'bar';
  const stacked = el.stacked && (el.chartType === 'bar' || el.chartType === 'column' || el.chartType === 'area');
  const cats = el.categories.map(String);
  const showLegend = el.showLegend !== false;
  const legendItems = round
    ? cats.map((c, i) => ({ name: c, color: colors[i]! }))
    : el.series.map((s, i) => ({ name: s.name, color: colors[i]! }));
  const titleH = el.title ? 30 : 8;
  const legendW =
    round && showLegend ? Math.min(width * 0.35, 24 + Math.max(...legendItems.map((l) => textW(l.name, 12)))) : 0;
  const legendH = !round && showLegend ? 26 : 0;
  const xTitleH = !round && el.xAxisTitle ? 20 : 0;
  const yTitleW = !round && el.yAxisTitle ? 20 : 0;

  const all = el.series.flatMap((s) => s.values);
  const sums = cats.map((_, k) => el.series.reduce((a, s) => a + Math.max(0, s.values[k] ?? 0), 0));
  const hi = Math.max(0, ...(stacked ? sums : all));
  const lo = Math.min(0, ...(stacked ? [0] : all));
  const step = niceStep(hi - lo);
  const maxV = Math.ceil(hi / step) * step || step;
  const minV = Math.floor(lo / step) * step;
  const ticks: number[] = [];
  for (let v = minV; v <= maxV + step / 1000; v += step) ticks.push(v);
  const valLabelW = Math.max(...ticks.map((t) => textW(fmt(t), 11))) + 8;
  const catLabelW = horizontal ? Math.min(width * 0.3, Math.max(...cats.map((c) => textW(c, 12))) + 8) : 0;

  const pad = {
    l: 8 + yTitleW + (horizontal ? catLabelW : valLabelW),
    r: 12 + legendW,
    t: titleH,
    b: 8 + legendH + xTitleH + (horizontal ? 16 : 18),
  };
  const pw = Math.max(10, width - pad.l - pad.r);
  const ph = Math.max(10, height - pad.t - pad.b);
  const n = Math.max(1, cats.length);
  const vy = (v: number) => pad.t + ph - ((v - minV) / (maxV - minV || 1)) * ph;
  const vx = (v: number) => pad.l + ((v - minV) / (maxV - minV || 1)) * pw;
  const slot = (horizontal ? ph : pw) / n;
  const shapes: React.ReactNode[] = [];
  const labels: React.ReactNode[] = [];

  if (round) {
    const vals = el.series[0]?.values ?? [];
    const total = vals.reduce((a, v) => a + Math.max(0, v), 0) || 1;
    const cx = (width - legendW) / 2;
    const cy = titleH + (height - titleH - 8) / 2;
    const rad = Math.max(5, Math.min(width - legendW - 24, height - titleH - 16) / 2);
    let a = -Math.PI / 2;
    vals.forEach((v, k) => {
      const da = (Math.max(0, v) / total) * Math.PI * 2;
      const p = (t: number, r: number) => `${cx + r * Math.cos(t)},${cy + r * Math.sin(t)}`;
      const d =
        da >= Math.PI * 2 - 1e-6
          ? `M${cx - rad},${cy} a${rad},${rad} 0 1 0 ${2 * rad},0 a${rad},${rad} 0 1 0 ${-2 * rad},0`
          : `M${cx},${cy} L${p(a, rad)} A${rad},${rad} 0 ${da > Math.PI ? 1 : 0} 1 ${p(a + da, rad)} Z`;
      shapes.push(<path key={k} d={d} fill={colors[k]} stroke="#fff" strokeWidth={1} />);
      if (v > 0) {
        const mid = a + da / 2;
        const r = el.chartType === 'doughnut' ? rad * 0.75 : rad * 0.62;
        labels.push(
          <text
            key={`p${k}`}
            x={cx + r * Math.cos(mid)}
            y={cy + r * Math.sin(mid) + 4}
            textAnchor="middle"
            fontSize={12}
            fill="#fff"
          >
            {Math.round((v / total) * 100)}%
          </text>,
        );
      }
      a += da;
    });
    if (el.chartType === 'doughnut') shapes.push(<circle key="hole" cx={cx} cy={cy} r={rad / 2} fill="#fff" />);
  } else if (el.chartType === 'line' || el.chartType === 'area' || el.chartType === 'scatter') {
    el.series.forEach((s, i) => {
      const pts = s.values.map((v, k) => [pad.l + slot * (k + 0.5), vy(v)] as const);
      const line = pts.map((p) => p.join(',')).join(' ');
      if (el.chartType === 'area')
        shapes.push(
          <polygon
            key={`a${i}`}
            points={`${pad.l + slot * 0.5},${vy(0)} ${line} ${pad.l + slot * (pts.length - 0.5)},${vy(0)}`}
            fill={colors[i]}
            opacity={0.85}
          />,
        );
      else if (el.chartType === 'line')
        shapes.push(<polyline key={`l${i}`} points={line} fill="none" stroke={colors[i]} strokeWidth={3} />);
      if (el.chartType !== 'area')
        pts.forEach(([x, y], k) =>
          shapes.push(
            <circle key={`m${i}-${k}`} cx={x} cy={y} r={el.chartType === 'scatter' ? 4.5 : 3.5} fill={colors[i]} />,
          ),
        );
      if (el.showValues)
        pts.forEach(([x, y], k) =>
          labels.push(
            <text key={`v${i}-${k}`} x={x} y={y - 7} textAnchor="middle" fontSize={11} fill="#404040">
              {fmt(s.values[k]!)}
            </text>,
          ),
        );
    });
  } else {
    const base = cats.map(() => 0);
    const groups = stacked ? 1 : el.series.length;
    el.series.forEach((s, i) => {
      s.values.forEach((v, k) => {
        const thick = (slot * 0.6) / groups;
        const from = stacked ? base[k]! : 0;
        const to = from + v;
        if (stacked) base[k] = to;
        const off = slot * 0.2 + (stacked ? 0 : thick * i);
        if (horizontal) {
          // the first category at the bottom, as PowerPoint draws bar charts
          const y = pad.t + ph - slot * (k + 1) + off;
          const x = Math.min(vx(from), vx(to));
          const w = Math.abs(vx(to) - vx(from));
          shapes.push(<rect key={`${i}-${k}`} x={x} y={y} width={w} height={Math.max(1, thick)} fill={colors[i]} />);
          if (el.showValues)
            labels.push(
              <text key={`v${i}-${k}`} x={x + w + 3} y={y + thick / 2 + 4} fontSize={11} fill="#404040">
                {fmt(v)}
              </text>,
            );
        } else {
          const x = pad.l + slot * k + off;
          const y = Math.min(vy(from), vy(to));
          const h = Math.abs(vy(to) - vy(from));
          shapes.push(<rect key={`${i}-${k}`} x={x} y={y} width={Math.max(1, thick)} height={h} fill={colors[i]} />);
          if (el.showValues)
            labels.push(
              <text key={`v${i}-${k}`} x={x + thick / 2} y={y - 4} textAnchor="middle" fontSize={11} fill="#404040">
                {fmt(v)}
              </text>,
            );
        }
      });
    });
  }

  const axis = round ? null : (
    <g fontSize={11} fill="#595959">
      {ticks.map((t, k) =>
        horizontal ? (
          <g key={`t${k}`}>
            <line x1={vx(t)} x2={vx(t)} y1={pad.t} y2={pad.t + ph} stroke="#D9D9D9" strokeWidth={0.75} />
            <text x={vx(t)} y={pad.t + ph + 14} textAnchor="middle">
              {fmt(t)}
            </text>
          </g>
        ) : (
          <g key={`t${k}`}>
            <line x1={pad.l} x2={pad.l + pw} y1={vy(t)} y2={vy(t)} stroke="#D9D9D9" strokeWidth={0.75} />
            <text x={pad.l - 5} y={vy(t) + 4} textAnchor="end">
              {fmt(t)}
            </text>
          </g>
        ),
      )}
      {horizontal ? (
        <line x1={vx(0)} x2={vx(0)} y1={pad.t} y2={pad.t + ph} stroke="#BFBFBF" />
      ) : (
        <line x1={pad.l} x2={pad.l + pw} y1={vy(0)} y2={vy(0)} stroke="#BFBFBF" />
      )}
      {cats.map((c, k) => {
        const every = Math.max(
          1,
          Math.ceil((n * (horizontal ? 16 : Math.max(...cats.map((x) => textW(x, 12))) + 6)) / (horizontal ? ph : pw)),
        );
        if (k % every) return null;
        return horizontal ? (
          <text key={`c${k}`} x={pad.l - 5} y={pad.t + ph - slot * (k + 0.5) + 4} textAnchor="end" fontSize={12}>
            {c}
          </text>
        ) : (
          <text key={`c${k}`} x={pad.l + slot * (k + 0.5)} y={pad.t + ph + 16} textAnchor="middle" fontSize={12}>
            {c}
          </text>
        );
      })}
    </g>
  );
  const xTitle = horizontal ? el.yAxisTitle : el.xAxisTitle;
  const yTitle = horizontal ? el.xAxisTitle : el.yAxisTitle;

  return (
    <svg
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={`${el.chartType} chart${el.title ? `: ${el.title}` : ''}; ${el.series.map((s) => s.name).join(', ')} by ${cats.slice(0, 12).join(', ')}`}
      style={{ display: 'block', fontFamily: font, overflow: 'visible' }}
      data-testid="slide-chart"
    >
      {el.title && (
        <text
          x={width / 2}
          y={21}
          textAnchor="middle"
          fontSize={16}
          fill={theme.colors.text}
          style={{ fontFamily: `${theme.headingFont}, Carlito, sans-serif` }}
        >
          {el.title}
        </text>
      )}
      {axis}
      {shapes}
      {labels}
      {!round && xTitle && (
        <text
          x={pad.l + pw / 2}
          y={height - 8 - legendH - 4}
          textAnchor="middle"
          fontSize={12}
          fill="#595959"
          data-testid="chart-axis-title"
        >
          {xTitle}
        </text>
      )}
      {!round && yTitle && (
        <text
          transform={`translate(${8 + 12}, ${pad.t + ph / 2}) rotate(-90)`}
          textAnchor="middle"
          fontSize={12}
          fill="#595959"
          data-testid="chart-axis-title"
        >
          {yTitle}
        </text>
      )}
      {showLegend && (
        <g fontSize={12} fill="#595959" data-testid="chart-legend">
          {round
            ? legendItems.map((l, k) => (
                <g key={k} transform={`translate(${width - legendW}, ${titleH + 10 + k * 18})`}>
                  <rect width={9} height={9} y={-8} fill={l.color} />
                  <text x={14}>{l.name}</text>
                </g>
              ))
            : (() => {
                const widths = legendItems.map((l) => 14 + textW(l.name, 12) + 14);
                let x = (width - widths.reduce((a, b) => a + b, 0)) / 2;
                return legendItems.map((l, k) => {
                  const g = (
                    <g key={k} transform={`translate(${x}, ${height - 12})`}>
                      <rect width={9} height={9} y={-8} fill={l.color} />
                      <text x={14}>{l.name}</text>
                    </g>
                  );
                  x += widths[k]!;
                  return g;
                });
              })()}
        </g>
      )}
    </svg>
  );
}
