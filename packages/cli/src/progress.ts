/** A single self-erasing progress line on stderr, only when stderr is a terminal. */
export function progressLine(stream: NodeJS.WriteStream): { update(done: number, total: number): void; clear(): void } {
  if (!stream.isTTY) return { update() {}, clear() {} };
  let last = 0;
  let shown = false;
  return {
    update(done, total) {
      const now = Date.now();
      if (now - last < 100 && done < total) return;
      last = now;
      shown = true;
      stream.write(`\r\x1b[2Kscanning ${done}/${total} files`);
    },
    clear() {
      if (shown) stream.write("\r\x1b[2K");
    },
  };
}
