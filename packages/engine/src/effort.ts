/** Parses `15m`, `2h`, `1d` (a working day of 8h) or a range `15m-1h` into minutes. */
export function parseEffort(effort: string): { min: number; max: number } | undefined {
  const m = /^(\d+)(m|h|d)(?:-(\d+)(m|h|d))?$/.exec(effort);
  if (!m) return undefined;
  const unit = (n: string, u: string): number => Number(n) * (u === "m" ? 1 : u === "h" ? 60 : 480);
  const min = unit(m[1]!, m[2]!);
  const max = m[3] ? unit(m[3], m[4]!) : min;
  return max >= min ? { min, max } : undefined;
}
