#!/usr/bin/env node
// The CLI is loaded with a dynamic import so that even a broken installation (a dependency
// that fails to load) ends in one clear line and the documented exit code, not a stack trace.

// A closed pipe (`parley validate big.ndjson | head`) is the reader's choice, not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
}

export {}; // a module, for top-level await

// The last net: an error that escaped every handler (a rejected promise nobody awaited) is a
// bug in parley, said in one line with the documented exit code, never as a Node stack trace.
function escaped(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`parley: internal error: ${message.split("\n")[0]}\n`);
  if (process.env.PARLEY_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  else
    process.stderr.write(
      "This is a bug in parley. Set PARLEY_DEBUG=1 for details and please report it.\n",
    );
  process.exit(70);
}
process.on("uncaughtException", escaped);
process.on("unhandledRejection", escaped);

// Data commands run in a child process with the CLI's own V8 flags (see v8-flags.ts): this
// process only waits for it and passes its exit status on.
const { respawn, setRuntimeV8Flags, shouldRespawn } = await import("./v8-flags");
const respawned =
  process.argv[1] !== undefined &&
  shouldRespawn(process.argv.slice(2), process.execArgv, process.env)
    ? await respawn(process.argv[1], process.argv.slice(2))
    : -1;

if (respawned >= 0) process.exitCode = respawned;
else
  try {
    setRuntimeV8Flags(process.execArgv, process.env);
    const { run } = await import("./main");
    process.exitCode = await run(process.argv.slice(2), {
      stdout: process.stdout,
      stderr: process.stderr,
      stdin: process.stdin,
      env: process.env,
      cwd: process.cwd(),
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`parley: internal error: the program could not start: ${message}\n`);
    if (process.env.PARLEY_DEBUG && error instanceof Error)
      process.stderr.write(`${error.stack}\n`);
    else
      process.stderr.write(
        "Reinstall @parley/cli; set PARLEY_DEBUG=1 for details if it persists.\n",
      );
    process.exitCode = 70;
  }
