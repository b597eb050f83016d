import { describe, expect, it, vi } from "vitest";
import { languageOf, type Candidate, type ExtractedFile, type Extraction, type ExtractPool, type SourceFile } from "@uplift/core";
import type { Project } from "../src/projects.js";
import { AHEAD, HELD_BYTES, ReadAhead, STOCK, TURN_MS } from "../src/read-ahead.js";
import type { ScanState } from "../src/scan-state.js";

const WORKERS = 2;
const project = { path: ".", profile: { erp: "odoo" } } as Project;

/** Python that some rule looks for (the fake index matches "odoo"), and Python no rule could match. */
const TEXT = { parsed: "from odoo import models\n", unparsed: "x = 1\n" };

const candidate = (path: string, size = 100): Candidate => ({ path, absolute: `/nowhere/${path}`, size });
const run = (prefix: string, count: number, ext: string, size?: number): Candidate[] =>
  Array.from({ length: count }, (_, i) => candidate(`${prefix}${String(i).padStart(4, "0")}.${ext}`, size));

/** A pool that holds every file it is asked for until the test answers it. */
class HeldPool {
  readonly asked: SourceFile[] = [];
  readonly #answers: Array<() => void> = [];
  sendingAll = 0;

  extract(file: SourceFile): Promise<Extraction> {
    this.asked.push(file);
    return new Promise((resolve) => this.#answers.push(() => resolve({ extracted: {} as ExtractedFile })));
  }

  async sendingAllDuring<T>(work: () => Promise<T>): Promise<T> {
    this.sendingAll++;
    return work();
  }

  answer(count: number): void {
    for (const answer of this.#answers.splice(0, count)) answer();
  }
}

function readAhead(candidates: Candidate[]): { ahead: ReadAhead; pool: HeldPool; read: string[] } {
  const read: string[] = [];
  const state = {
    markers: new Map(),
    linkers: new Map(),
    coverage: { inScope: () => true },
    indexes: new Map([[project, { mayMatch: (words: ReadonlySet<string>) => words.has("odoo") }]]),
    load: async (c: Candidate) => {
      read.push(c.path);
      const text = c.path.includes("unparsed") ? TEXT.unparsed : TEXT.parsed;
      return { ok: true, file: { path: c.path, language: languageOf(c.path)!, text } };
    },
  } as unknown as ScanState;
  const pool = new HeldPool();
  const asPool = { extract: (f: SourceFile) => pool.extract(f), sendingAll: <T>(w: () => Promise<T>) => pool.sendingAllDuring(w) };
  return { ahead: new ReadAhead(candidates, state, asPool as unknown as ExtractPool, () => project, WORKERS), pool, read };
}

/** Lets the reads and the hand-overs started so far run (they are promise callbacks). */
const settled = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("reading ahead", () => {
  it("counts files given to the workers, not candidates passed: past a long run of files it does not parse, the workers have work", async () => {
    const { ahead, pool, read } = readAhead([candidate("first.py"), ...run("data/view", 500, "xml"), ...run("models/m", 300, "py")]);
    ahead.advance(0);
    await settled();
    expect(pool.asked.length).toBe(AHEAD.parsing * WORKERS);
    expect(ahead.holding.parsing).toBe(AHEAD.parsing * WORKERS);
    // Files that are never parsed in a worker are not read ahead: the scan reads them when it gets there.
    expect(read.filter((p) => p.endsWith(".xml"))).toEqual([]);
  });

  it("reads past runs of files it reads but does not parse, holding them, until the workers have work", async () => {
    const { ahead, pool, read } = readAhead([...run("unparsed/u", 400, "py"), ...run("models/m", 300, "py")]);
    ahead.advance(0);
    await settled();
    expect(pool.asked.length).toBe(AHEAD.parsing * WORKERS);
    expect(pool.asked.every((f) => f.path.startsWith("models/"))).toBe(true);
    expect(read.length).toBe(399 + AHEAD.parsing * WORKERS);
    expect(ahead.holding).toEqual({
      parsing: AHEAD.parsing * WORKERS,
      parsed: AHEAD.parsing * WORKERS,
      files: read.length,
      bytes: 100 * read.length,
    });
  });

  it("sends another file for each answer while the scan stands still, up to the files whose facts it holds", async () => {
    const { ahead, pool } = readAhead(run("models/m", 2000, "py"));
    ahead.advance(0);
    await settled();
    pool.answer(10);
    await settled();
    expect(pool.asked.length).toBe(AHEAD.parsing * WORKERS + 10);
    expect(ahead.holding.parsing).toBe(AHEAD.parsing * WORKERS);
    for (let i = 0; i < 20; i++) {
      pool.answer(AHEAD.parsing * WORKERS);
      await settled();
    }
    // Answered and not taken: held for the scan, and no more than the bound.
    expect(pool.asked.length).toBe(AHEAD.parsed * WORKERS);
    expect(ahead.holding.parsed).toBe(AHEAD.parsed * WORKERS);
    // The scan takes some: as many more are read ahead.
    for (let i = 1; i <= 5; i++) expect(ahead.take(`models/m${String(i).padStart(4, "0")}.py`)).toBeDefined();
    expect(ahead.take("models/m0001.py")).toBeUndefined();
    ahead.advance(6);
    await settled();
    expect(pool.asked.length).toBe(AHEAD.parsed * WORKERS + 5);
  });

  it("holds at most its bytes of files read ahead", async () => {
    const big = 10 * 1024 * 1024;
    const { ahead, pool } = readAhead(run("models/m", 100, "py", big));
    ahead.advance(0);
    await settled();
    expect(pool.asked.length).toBe(Math.ceil(HELD_BYTES / big));
    expect(ahead.holding.bytes).toBeLessThan(HELD_BYTES + big);
  });

  it("before a stretch of work in this thread, gives the workers more, all of it sent at once", async () => {
    const { ahead, pool } = readAhead(run("models/m", 2000, "py"));
    ahead.advance(0);
    await settled();
    let ran = 0;
    await ahead.stocked(async () => {
      ran++;
    });
    await settled();
    expect(ran).toBe(1);
    expect(pool.sendingAll).toBe(1);
    expect(pool.asked.length).toBe(STOCK.parsing * WORKERS);
    // Then back to the usual bounds: answers no longer let more be sent until the scan takes files.
    pool.answer(50);
    await settled();
    expect(pool.asked.length).toBe(STOCK.parsing * WORKERS);
  });

  it("lets go of what the scan passed without taking it", async () => {
    const { ahead } = readAhead(run("models/m", 300, "py"));
    ahead.advance(0);
    await settled();
    ahead.advance(200);
    await settled();
    expect(ahead.holding.files).toBe(AHEAD.parsing * WORKERS);
    expect(ahead.take("models/m0010.py")).toBeUndefined();
    expect(ahead.take("models/m0201.py")).toBeDefined();
  });
});

describe("turns of the event loop while the scan matches", () => {
  it("asks for one once the scan has worked TURN_MS since the last, and not before", async () => {
    vi.useFakeTimers({ toFake: ["performance", "setImmediate"] });
    try {
      const { ahead } = readAhead(run("models/m", 10, "py"));
      expect(ahead.turn()).toBeUndefined();
      vi.advanceTimersByTime(TURN_MS);
      const turn = ahead.turn();
      expect(turn).toBeInstanceOf(Promise);
      vi.runAllTimers();
      await turn;
      expect(ahead.turn()).toBeUndefined();
    } finally {
      vi.useRealTimers();
    }
  });
});
