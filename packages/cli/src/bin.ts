#!/usr/bin/env node
import v8 from "node:v8";

// Most runs last a second or two: V8 would spend a third of their CPU time in the background
// compiling functions it has seen run a few times and then hardly runs again. A larger budget
// before a function is optimised (four times V8's) keeps that for the code that stays hot, as
// the parser's on a large scan (docs/performance.md). A budget given in NODE_OPTIONS wins.
if (!`${process.env.NODE_OPTIONS ?? ""} ${process.execArgv.join(" ")}`.includes("--interrupt-budget")) {
  v8.setFlagsFromString("--interrupt-budget=270336");
}

const { main } = await import("./main.js");

// A reader that goes away (`uplift scan | head`) is not an error: the rest of the output has
// nowhere to go, and the exit code still says what the scan found.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") return;
    process.exitCode = 2;
  });
}

process.exitCode = await main(process.argv.slice(2));
