import { describe, expect, it } from "vitest";
import { progressLine } from "../src/progress.js";

function stream(isTTY: boolean): { isTTY: boolean; text: string; write(t: string): void } {
  return {
    isTTY,
    text: "",
    write(t: string) {
      this.text += t;
    },
  };
}

function run(s: ReturnType<typeof stream>, options: { force?: boolean; env?: Record<string, string> }): void {
  let t = 0;
  const p = progressLine(s, { ...options, now: () => t });
  for (let done = 0; done <= 1000; done += 100) {
    t += 2000;
    p.update(done, 1000);
  }
  p.clear();
}

describe("the progress line", () => {
  it("rewrites one line on a terminal, with files, rate and time, and erases it at the end", () => {
    const s = stream(true);
    run(s, { env: {} });
    expect(s.text).toContain("\r\x1b[2Kscanning 500/1000 files, 42 files/s, 12 s");
    expect(s.text.endsWith("\r\x1b[2K")).toBe(true);
    expect(s.text).not.toContain("\n");
  });

  it("writes nothing on a pipe or in CI", () => {
    const pipe = stream(false);
    run(pipe, { env: {} });
    expect(pipe.text).toBe("");
    const ci = stream(true);
    run(ci, { env: { CI: "true" } });
    expect(ci.text).toBe("");
  });

  it("writes whole lines every few seconds on a pipe when asked", () => {
    const s = stream(false);
    run(s, { force: true, env: {} });
    const lines = s.text.trim().split("\n");
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.length).toBeLessThan(11);
    expect(s.text).not.toContain("\x1b");
  });
});
