import { describe, expect, it } from "vitest";
import { effortOf, formatDays, formatHours, groupDigits } from "../src/html/effort.js";

describe("effort", () => {
  it("sums the low and the high ends apart", () => {
    expect(
      effortOf([
        { effortMinutes: 15, effortMaxMinutes: 60 },
        { effortMinutes: 30, effortMaxMinutes: 30 },
      ]),
    ).toEqual({ min: 45, max: 90 });
  });

  it("never lets the high end fall below the low end", () => {
    expect(effortOf([{ effortMinutes: 30, effortMaxMinutes: 0 }])).toEqual({ min: 30, max: 30 });
  });

  it("shows hours with tenths below ten and whole hours above", () => {
    expect(formatHours({ min: 213, max: 518 })).toBe("3.6–8.6 h");
    expect(formatHours({ min: 600, max: 600 })).toBe("10 h");
    expect(formatHours({ min: 2, max: 2 })).toBe("0.1 h");
    expect(formatHours({ min: 0, max: 0 })).toBe("0 h");
    expect(formatHours({ min: 60 * 1234, max: 60 * 2345 })).toBe("1,234–2,345 h");
  });

  it("shows person-days of 8 hours", () => {
    expect(formatDays({ min: 480, max: 480 })).toBe("1 day");
    expect(formatDays({ min: 240, max: 960 })).toBe("0.5–2 days");
  });

  it("groups digits the same on every machine", () => {
    expect(groupDigits(0)).toBe("0");
    expect(groupDigits(999)).toBe("999");
    expect(groupDigits(50000)).toBe("50,000");
    expect(groupDigits(1234567.5)).toBe("1,234,567.5");
    expect(groupDigits(-1000)).toBe("-1,000");
  });
});
