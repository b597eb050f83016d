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
const WIDTH = 380;
const LABEL = 140;
const VALUE = 56;

export function barChart(title: string, entries: readonly BarEntry[]): BarChart {
  const max = Math.max(1, ...entries.map((e) => e.value));
  const room = WIDTH - LABEL - VALUE;
  const bars = entries.map((e, i): Bar => {
    const width = e.value === 0 ? 0 : Math.max(2, Math.round((e.value / max) * room));
    return {
      ...e,
      valueText: groupDigits(e.value),
      y: i * ROW + (ROW - BAR) / 2,
      textY: i * ROW + ROW / 2 + 4,
      width,
      valueX: LABEL + width + 6,
    };
  });
  return {
    title,
    width: WIDTH,
    height: Math.max(ROW, entries.length * ROW),
    labelWidth: LABEL - 8,
    barX: LABEL,
    bars,
    description: `${title}: ${entries.map((e) => `${e.label} ${e.value}`).join(", ") || "none"}`,
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
