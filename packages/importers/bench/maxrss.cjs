// Preloaded (node -r) into a measured process: prints its peak resident set size at exit.
process.on("exit", () => {
  process.stderr.write(`MAXRSS_KB ${process.resourceUsage().maxRSS}\n`);
});
