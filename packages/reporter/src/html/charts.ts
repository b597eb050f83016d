import { groupDigits } from "./effort.js";

// Geometry of the inline SVG charts; the markup is in templates/chart-bars.hbs and gauge.hbs.

export interface BarEntry {
  label: string;
  value: number;
  /** A CSS class that colours the bar (sev-critical, …). */
  tone: string;
}

export interface Bar extends BarEntry {
  valueText: string;
  y: number;
  textY: number;
  width: number;
  valueX: number;
}

export interface BarChart {
  title: string;
  width: number;
  height: number;
  labelWidth: number;
  barX: number;
  bars: Bar[];
  /** Read out by screen readers in place of the drawing. */
  description: string;
}

const ROW = 26;
const BAR = 16;
const ROOM = 200;
/** A generous width per character of the charts' 12px labels, so no label is ever clipped. */
const CHAR = 7.2;

/** Width in pixels that a label of the charts' font needs, rounded up. */
export function textWidth(text: string): number {
  return Math.ceil([...text].length * CHAR);
}

export function barChart(title: string, entries: readonly BarEntry[]): BarChart {
  const max = Math.max(1, ...entries.map((e) => e.value));
  const label = Math.max(60, ...entries.map((e) => textWidth(e.label))) + 12;
  const value = Math.max(24, ...entries.map((e) => textWidth(groupDigits(e.value)))) + 10;
  const bars = entries.map((e, i): Bar => {
    const width = e.value === 0 ? 0 : Math.max(2, Math.round((e.value / max) * ROOM));
    return {
      ...e,
      valueText: groupDigits(e.value),
      y: i * ROW + (ROW - BAR) / 2,
      textY: i * ROW + ROW / 2 + 4,
      width,
      valueX: label + width + 6,
    };
  });
  return {
    title,
    width: label + ROOM + value,
    height: Math.max(ROW, entries.length * ROW),
    labelWidth: label - 8,
    barX: label,
    bars,
    description: `${title}: ${entries.map((e) => `${e.label} ${e.value}`).join(", ") || "none"}`,
  };
}

/** One scan of a burn-down: a column of what remains, with its label under it. */
export interface BurnColumn {
  label: string;
  value: number;
  valueText: string;
  note: string;
  x: number;
  centre: number;
  y: number;
  height: number;
  current: boolean;
}

export interface BurnDown {
  title: string;
  width: number;
  barWidth: number;
  height: number;
  baseline: number;
  labelY: number;
  noteY: number;
  columns: BurnColumn[];
  description: string;
}

const PLOT = 140;

/** Columns of what remains after each scan, oldest first; labels under them, widths from the labels. */
export function burnDown(title: string, points: ReadonlyArray<{ label: string; value: number; note: string }>, scaleMax = 0): BurnDown {
  const max = Math.max(1, scaleMax, ...points.map((p) => p.value));
  const columnWidth = Math.max(56, ...points.map((p) => Math.max(textWidth(p.label), textWidth(p.note)))) + 16;
  const top = 20;
  const columns = points.map((p, i): BurnColumn => {
    const height = p.value === 0 ? 0 : Math.max(2, Math.round((p.value / max) * PLOT));
    const x = i * columnWidth + 8;
    return {
      label: p.label,
      value: p.value,
      valueText: groupDigits(p.value),
      note: p.note,
      x,
      centre: x + (columnWidth - 16) / 2,
      y: top + PLOT - height,
      height,
      current: i === points.length - 1,
    };
  });
  return {
    title,
    width: points.length * columnWidth + 8,
    barWidth: columnWidth - 16,
    height: top + PLOT + 44,
    baseline: top + PLOT,
    labelY: top + PLOT + 18,
    noteY: top + PLOT + 36,
    columns,
    description: `${title}: ${points.map((p) => `${p.label} ${p.value} (${p.note})`).join(", ")}`,
  };
}

export interface Gauge {
  score: number;
  tone: string;
  /** Length of the coloured part of the arc, and of the whole arc. */
  dash: number;
  arc: number;
  description: string;
}

const RADIUS = 80;

/** A half-circle gauge from 0 to 100. */
export function gauge(score: number, tone: string, label: string): Gauge {
  const arc = Math.round(Math.PI * RADIUS * 100) / 100;
  const dash = Math.round(((arc * Math.min(100, Math.max(0, score))) / 100) * 100) / 100;
  return { score, tone, dash, arc, description: `Readiness ${score} out of 100: ${label}` };
}
