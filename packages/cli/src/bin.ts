#!/usr/bin/env node
import { main } from "./main.js";

// A reader that goes away (`uplift scan | head`) is not an error: the rest of the output has
// nowhere to go, and the exit code still says what the scan found.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") return;
    process.exitCode = 2;
  });
}

process.exitCode = await main(process.argv.slice(2));
