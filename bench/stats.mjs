// Small helpers shared by the benchmark's sections.

/// The value at `fraction` (0.5: the median) of `values`, nearest rank.
export const percentile = (values, fraction) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.round((sorted.length - 1) * fraction))];
};

/// Two decimals.
export const round = (value) => Math.round(value * 100) / 100;
