// Medians and paired ratios: every figure the bench reports is a ratio inside one run, never an absolute time.

/** The median of a list of numbers (the mean of the two middle ones for an even count). */
export function median(values) {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The median of the per-round ratios case/baseline: each round's pair ran back to back, so load on the machine cancels out. */
export function pairedRatio(samples, baseline) {
  const n = Math.min(samples.length, baseline.length);
  const ratios = [];
  for (let i = 0; i < n; i += 1) ratios.push(samples[i] / baseline[i]);
  return median(ratios);
}

/** Rotates the order of the cases each round, so no case always runs first (or right after another). */
export function roundOrder(names, round) {
  const k = round % names.length;
  return [...names.slice(k), ...names.slice(0, k)];
}
