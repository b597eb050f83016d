import type { Finding } from "@uplift/engine";

/** A working day, as rule packs count it (`1d` is 8h). */
export const MINUTES_PER_DAY = 480;

/** Low and high estimates in minutes: the sums of the findings' own estimates. */
export interface EffortRange {
  min: number;
  max: number;
}

/** Where several rules hit one span the work is counted once, on the finding the others are related to. */
export function effortOf(findings: Iterable<Pick<Finding, "effortMinutes" | "effortMaxMinutes" | "relatedTo">>): EffortRange {
  let min = 0;
  let max = 0;
  for (const f of findings) {
    if (f.relatedTo) continue;
    min += f.effortMinutes;
    max += Math.max(f.effortMaxMinutes, f.effortMinutes);
  }
  return { min, max };
}

function hours(minutes: number): string {
  const h = minutes / 60;
  if (h === 0) return "0";
  if (h < 10) return String(Math.max(0.1, Math.round(h * 10) / 10));
  return groupDigits(Math.round(h));
}

/** "3.6–8.6 h", "12 h"; tenths below 10 hours, whole hours above. */
export function formatHours(range: EffortRange): string {
  const low = hours(range.min);
  const high = hours(range.max);
  return low === high ? `${low} h` : `${low}–${high} h`;
}

/** "0.4–1.1 days": person-days of 8 hours, for planning. */
export function formatDays(range: EffortRange): string {
  const days = (m: number): string => {
    const d = m / MINUTES_PER_DAY;
    return d < 10 ? String(Math.round(d * 10) / 10) : groupDigits(Math.round(d));
  };
  const low = days(range.min);
  const high = days(range.max);
  return `${low === high ? low : `${low}–${high}`} ${high === "1" ? "day" : "days"}`;
}

/** 12345 → "12,345": fixed, so the output does not depend on the machine's locale. */
export function groupDigits(n: number): string {
  const [whole = "0", fraction] = String(n).split(".");
  const sign = whole.startsWith("-") ? "-" : "";
  const digits = sign ? whole.slice(1) : whole;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${sign}${grouped}${fraction === undefined ? "" : `.${fraction}`}`;
}
