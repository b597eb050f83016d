export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

export interface ProgressOptions {
  /** `--progress`: show it even on a pipe or in CI, as whole lines. */
  force?: boolean;
  env?: Record<string, string | undefined>;
  now?: () => number;
}

/**
 * The progress of a scan on stderr: files done, rate and time so far. On a terminal one line
 * that rewrites itself and is erased at the end; on a pipe or in CI nothing, unless asked, and
 * then a whole line every few seconds, which a log keeps readably.
 */
export function progressLine(
  stream: ProgressStream,
  options: ProgressOptions = {},
): { update(done: number, total: number): void; clear(): void } {
  const env = options.env ?? process.env;
  const now = options.now ?? Date.now;
  const terminal = stream.isTTY === true && !env.CI;
  if (!terminal && !options.force) return { update() {}, clear() {} };
  const start = now();
  let last = 0;
  let shown = false;
  const every = terminal ? 100 : 5000;
  return {
    update(done, total) {
      const t = now();
      if (t - last < every && done < total) return;
      last = t;
      const seconds = (t - start) / 1000;
      const rate = seconds > 0 ? Math.round(done / seconds) : 0;
      const line = `scanning ${done}/${total} files, ${rate} files/s, ${seconds.toFixed(0)} s`;
      if (terminal) {
        shown = true;
        stream.write(`\r\x1b[2K${line}`);
      } else stream.write(`${line}\n`);
    },
    clear() {
      if (terminal && shown) stream.write("\r\x1b[2K");
    },
  };
}
