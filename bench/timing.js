/** Runs fn once to warm up, then times one run. Returns the result and milliseconds. */
export function time(label, fn) {
  fn();
  const t = performance.now();
  const result = fn();
  const ms = performance.now() - t;
  process.stderr.write(`  ${label}: ${ms.toFixed(0)} ms\n`);
  return { result, ms };
}
