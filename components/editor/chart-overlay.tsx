'use client';
// Charts of the model drawn over the grid (fortune-sheet draws none): one SVG per chart, placed over
// its anchor cells from the sheet's column widths and row heights and moved with the grid's scroll.
// Values come from the grid's cells, so the chart follows edits. Clicks go through to the grid.
import { memo } from 'react';
import type { Chart } from '@/server/documents/workbook/schema';
import { formatNumber } from '@/lib/workbook/cell-text';

/** The values of a range from the grid; `shown`: the text each cell shows (its number format applied). */
export type ReadRange = (ref: string, shown?: boolean) => Array<number | string | boolean | null>;

const PALETTE = ['#4472C4', '#ED7D31', '#A5A5A5', '#FFC000', '#5B9BD5', '#70AD47', '#264478', '#9E480E'];

export interface PlacedChart {
  chart: Chart;
  left: number;
  top: number;
  width: number;
  height: number;
}

function seriesName(name: string | undefined, read: ReadRange, i: number): string {
  if (!name) return `Series ${i + 1}`;
  if (/!\$?[A-Z]{1,3}\$?\d+$/.test(name)) {
    const v = read(name)[0];
    return v === null || v === undefined ? `Series ${i + 1}` : String(v);
  }
  return name;
}

function niceMax(v: number): number {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  const m = v / p;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}

function ChartSvg({ chart, width, height, read }: { chart: Chart; width: number; height: number; read: ReadRange }) {
  // category labels: in the axis's number format, else as the cells show them (Excel's "linked to source")
  const catRef = chart.categories ?? chart.series[0]?.categories;
  const rawCats = catRef ? read(catRef) : [];
  const shownCats = catRef && !chart.xAxisNumFmt ? read(catRef, true) : [];
  const cats = rawCats.map((c, k) =>
    c === null || c === undefined ? '' : typeof c === 'number' && chart.xAxisNumFmt ? formatNumber(c, chart.xAxisNumFmt) : String(shownCats[k] ?? c),
  );
  const series = chart.series.map((s, i) => ({
    name: seriesName(s.name, read, i),
    color: s.color ?? PALETTE[i % PALETTE.length]!,
    values: read(s.values).map((v) => (typeof v === 'number' ? v : Number(v) || 0)),
  }));
  const n = Math.max(cats.length, ...series.map((s) => s.values.length), 1);
  const titleH = chart.title ? 22 : 6;
  const legendH = chart.legend === 'none' ? 0 : 18;
  const horizontal = chart.type === 'bar';
  const catWidth = horizontal ? Math.min(90, 8 + 5.5 * Math.max(4, ...cats.map((c) => Math.min(c.length, 14)))) : 44;
  const pad = { l: catWidth, r: horizontal ? 16 : 10, t: titleH, b: 22 + legendH };
  const pw = Math.max(10, width - pad.l - pad.r);
  const ph = Math.max(10, height - pad.t - pad.b);
  const round = chart.type === 'pie' || chart.type === 'doughnut';
  const polar = chart.type === 'radar';
  const stacked = chart.stacked;
  const sums = Array.from({ length: n }, (_, k) => series.reduce((s, x) => s + Math.max(0, x.values[k] ?? 0), 0));
  const all = series.flatMap((s) => s.values);
  const maxV = niceMax(stacked ? Math.max(...sums, 0) : Math.max(...all, 0));
  const minV = stacked ? 0 : Math.min(0, ...all);
  const y = (v: number) => pad.t + ph - ((v - minV) / (maxV - minV || 1)) * ph;
  // horizontal bars: values along x, the first category at the bottom (as Excel draws them)
  const x = (v: number) => pad.l + ((v - minV) / (maxV - minV || 1)) * pw;
  const slot = (horizontal ? ph : pw) / n;
  const fmtY = (v: number) => (chart.yAxisNumFmt ? formatNumber(v, chart.yAxisNumFmt) : String(Math.round(v * 100) / 100));
  const shapes: React.ReactNode[] = [];
  if (round) {
    const vals = series[0]?.values ?? [];
    const total = vals.reduce((s, v) => s + Math.max(0, v), 0) || 1;
    const cx = width / 2;
    const cy = pad.t + ph / 2;
    const rad = Math.max(5, Math.min(pw, ph) / 2 - 2);
    let a = -Math.PI / 2;
    vals.forEach((v, k) => {
      const da = (Math.max(0, v) / total) * Math.PI * 2;
      const x1 = cx + rad * Math.cos(a);
      const y1 = cy + rad * Math.sin(a);
      const x2 = cx + rad * Math.cos(a + da);
      const y2 = cy + rad * Math.sin(a + da);
      shapes.push(<path key={k} d={`M${cx},${cy} L${x1},${y1} A${rad},${rad} 0 ${da > Math.PI ? 1 : 0} 1 ${x2},${y2} Z`} fill={PALETTE[k % PALETTE.length]} stroke="#fff" />);
      a += da;
    });
    if (chart.type === 'doughnut') shapes.push(<circle key="hole" cx={cx} cy={cy} r={rad / 2} fill="#fff" />);
  } else if (polar) {
    // radar: a spoke per category (the first at the top, clockwise), rings at the value ticks, a polygon per series
    const cx = width / 2;
    const cy = pad.t + ph / 2;
    const rad = Math.max(5, Math.min(width - 60, ph - 16) / 2);
    const at = (k: number, v: number): [number, number] => {
      const a = -Math.PI / 2 + (2 * Math.PI * k) / n;
      const r = (rad * (v - minV)) / (maxV - minV || 1);
      return [cx + r * Math.cos(a), cy + r * Math.sin(a)];
    };
    [0.25, 0.5, 0.75, 1].forEach((t, j) => {
      const v = minV + (maxV - minV) * t;
      const ring = Array.from({ length: n }, (_, k) => at(k, v).join(',')).join(' ');
      shapes.push(<polygon key={`r${j}`} points={ring} fill="none" stroke="#E0E0E0" />);
      shapes.push(
        <text key={`rt${j}`} x={cx + 3} y={at(0, v)[1] + 10} fontSize={8} fill="#595959">
          {fmtY(v)}
        </text>,
      );
    });
    for (let k = 0; k < n; k++) {
      const [ex, ey] = at(k, maxV);
      shapes.push(<line key={`sp${k}`} x1={cx} y1={cy} x2={ex} y2={ey} stroke="#E0E0E0" />);
      const [lx, ly] = at(k, maxV + (maxV - minV) * 0.1);
      const c = cats[k] ?? '';
      shapes.push(
        <text key={`rc${k}`} x={lx} y={ly + 3} textAnchor={Math.abs(lx - cx) < 4 ? 'middle' : lx > cx ? 'start' : 'end'} fontSize={9} fill="#595959">
          {c.length > 10 ? `${c.slice(0, 9)}…` : c}
        </text>,
      );
    }
    series.forEach((s, i) => {
      const pts = Array.from({ length: n }, (_, k) => at(k, s.values[k] ?? 0).join(',')).join(' ');
      shapes.push(<polygon key={`rs${i}`} points={pts} fill="none" stroke={s.color} strokeWidth={2} />);
    });
  } else if (chart.type === 'line' || chart.type === 'scatter' || chart.type === 'area') {
    // stacked areas and lines: each series drawn on top of the ones before it (from their sum)
    const stack = stacked && (chart.type === 'area' || chart.type === 'line');
    const bands = seriesBands(series.map((s) => s.values), stack);
    series.forEach((s, i) => {
      const { from, to } = bands[i]!;
      const px = (k: number) => pad.l + slot * (k + 0.5);
      const pts = to.map((v, k) => `${px(k)},${y(v)}`);
      const floor = from.map((v, k) => `${px(k)},${y(v)}`).reverse();
      if (chart.type === 'area') shapes.push(<polygon key={`a${i}`} points={`${pts.join(' ')} ${floor.join(' ')}`} fill={s.color} opacity={stack ? 0.85 : 0.5} />);
      else shapes.push(<polyline key={`l${i}`} points={pts.join(' ')} fill="none" stroke={s.color} strokeWidth={2} />);
      if (chart.type === 'scatter') s.values.forEach((v, k) => shapes.push(<circle key={`p${i}-${k}`} cx={pad.l + slot * (k + 0.5)} cy={y(v)} r={2.5} fill={s.color} />));
    });
  } else if (horizontal) {
    const base = Array.from({ length: n }, () => 0);
    series.forEach((s, i) => {
      s.values.forEach((v, k) => {
        const h = stacked ? slot * 0.6 : (slot * 0.7) / series.length;
        const top = pad.t + ph - slot * (k + 1) + slot * (stacked ? 0.2 : 0.15) + (stacked ? 0 : h * (series.length - 1 - i));
        const from = stacked ? base[k]! : 0;
        const to = from + v;
        if (stacked) base[k] = to;
        shapes.push(<rect key={`${i}-${k}`} x={Math.min(x(from), x(to))} y={top} width={Math.abs(x(to) - x(from))} height={Math.max(1, h - 1)} fill={s.color} />);
      });
    });
  } else {
    // column, clustered or stacked
    const base = Array.from({ length: n }, () => 0);
    series.forEach((s, i) => {
      s.values.forEach((v, k) => {
        const w = stacked ? slot * 0.6 : (slot * 0.7) / series.length;
        const x = pad.l + slot * k + slot * (stacked ? 0.2 : 0.15) + (stacked ? 0 : w * i);
        const from = stacked ? base[k]! : 0;
        const to = from + v;
        if (stacked) base[k] = to;
        shapes.push(<rect key={`${i}-${k}`} x={x} y={Math.min(y(from), y(to))} width={Math.max(1, w - 1)} height={Math.abs(y(from) - y(to))} fill={s.color} />);
      });
    });
  }
  const ticks = round || polar ? [] : [0, 0.25, 0.5, 0.75, 1].map((t) => minV + (maxV - minV) * t);
  const every = Math.max(1, Math.ceil((n * (horizontal ? 12 : 40)) / (horizontal ? ph : pw)));
  return (
    <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={chart.title ?? 'Chart'} style={{ display: 'block', fontFamily: 'Carlito, Calibri, Arial, sans-serif' }}>
      <rect x={0.5} y={0.5} width={width - 1} height={height - 1} fill="#fff" stroke="#BFBFBF" />
      {chart.title ? (
        <text x={width / 2} y={16} textAnchor="middle" fontSize={13} fill="#404040">
          {chart.title}
        </text>
      ) : null}
      {ticks.map((t, k) =>
        horizontal ? (
          <g key={`t${k}`}>
            <line x1={x(t)} x2={x(t)} y1={pad.t} y2={pad.t + ph} stroke="#E0E0E0" />
            <text x={x(t)} y={pad.t + ph + 12} textAnchor="middle" fontSize={9} fill="#595959">
              {fmtY(t)}
            </text>
          </g>
        ) : (
          <g key={`t${k}`}>
            <line x1={pad.l} x2={pad.l + pw} y1={y(t)} y2={y(t)} stroke="#E0E0E0" />
            <text x={pad.l - 4} y={y(t) + 3} textAnchor="end" fontSize={9} fill="#595959">
              {fmtY(t)}
            </text>
          </g>
        ),
      )}
      {shapes}
      {round || polar
        ? null
        : cats.map((c, k) =>
            k % every !== 0 ? null : horizontal ? (
              <text key={`c${k}`} x={pad.l - 4} y={pad.t + ph - slot * (k + 0.5) + 3} textAnchor="end" fontSize={9} fill="#595959">
                {c.length > 14 ? `${c.slice(0, 13)}…` : c}
              </text>
            ) : (
              <text key={`c${k}`} x={pad.l + slot * (k + 0.5)} y={pad.t + ph + 12} textAnchor="middle" fontSize={9} fill="#595959">
                {c.length > 10 ? `${c.slice(0, 9)}…` : c}
              </text>
            ),
          )}
      {chart.legend === 'none'
        ? null
        : (round ? cats.map((c, k) => ({ name: c, color: PALETTE[k % PALETTE.length]! })) : series).slice(0, 8).map((s, k, arr) => {
            const w = width / Math.max(arr.length, 1);
            return (
              <g key={`g${k}`}>
                <rect x={w * k + 6} y={height - 13} width={8} height={8} fill={s.color} />
                <text x={w * k + 18} y={height - 5} fontSize={9} fill="#404040">
                  {s.name.length > 14 ? `${s.name.slice(0, 13)}…` : s.name}
                </text>
              </g>
            );
          })}
    </svg>
  );
}

export const ChartOverlay = memo(function ChartOverlay({ charts, read, box }: { charts: PlacedChart[]; read: ReadRange; box: { left: number; top: number; width: number; height: number } | null }) {
  if (!box || !charts.length) return null;
  return (
    <div data-testid="chart-overlay" style={{ position: 'absolute', left: box.left, top: box.top, width: box.width, height: box.height, overflow: 'hidden', pointerEvents: 'none', zIndex: 22 }}>
      {charts.map((p) => (
        <div key={p.chart.id} data-testid="grid-chart" style={{ position: 'absolute', left: p.left, top: p.top, width: p.width, height: p.height, boxShadow: '0 1px 3px rgba(0,0,0,.2)' }}>
          <ChartSvg chart={p.chart} width={p.width} height={p.height} read={read} />
        </div>
      ))}
    </div>
  );
});

/**
 * Where each series of a line or area chart is drawn, per category: from `from` to `to`. Stacked,
 * each series sits on the sum of the ones before it (negative values count as 0, as the axis
 * starts at 0); otherwise every series starts at 0.
 */
export function seriesBands(values: number[][], stacked: boolean): Array<{ from: number[]; to: number[] }> {
  const base: number[] = [];
  return values.map((vals) => {
    const from = vals.map((_, k) => (stacked ? (base[k] ?? 0) : 0));
    const to = vals.map((v, k) => from[k]! + (stacked ? Math.max(0, v) : v));
    if (stacked) to.forEach((v, k) => (base[k] = v));
    return { from, to };
  });
}
