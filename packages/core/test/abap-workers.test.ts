import { describe, expect, it } from "vitest";
import { workerCount } from "../src/adapters/abap/abap-project.js";

const batch = (kb: number): Array<{ text: string }> => [{ text: "x".repeat(kb * 1024) }];

describe("ABAP workers", () => {
  it("start one worker for a project with little ABAP, however many batches it has", () => {
    expect(workerCount([batch(2), batch(1), batch(1)], undefined, 8)).toBe(1);
  });

  it("start one more per 512 KB of source, up to the cores, four and the batches", () => {
    expect(workerCount([batch(600), batch(100)], undefined, 8)).toBe(2);
    expect(
      workerCount(
        Array.from({ length: 10 }, () => batch(400)),
        undefined,
        8,
      ),
    ).toBe(4);
    expect(
      workerCount(
        Array.from({ length: 10 }, () => batch(400)),
        undefined,
        2,
      ),
    ).toBe(2);
    expect(workerCount([batch(5000)], undefined, 8)).toBe(1);
    expect(workerCount([], undefined, 8)).toBe(0);
  });

  it("start as many as asked, never more than the batches", () => {
    expect(workerCount([batch(1), batch(1), batch(1)], 3, 1)).toBe(3);
    expect(workerCount([batch(1)], 3, 8)).toBe(1);
    expect(workerCount([batch(1)], 0, 8)).toBe(0);
  });
});
