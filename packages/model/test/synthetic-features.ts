/**
 * Deterministic feature vectors shaped like FraudWatch's 15 (amounts, weekend and night flags,
 * counts, averages, risks), for tests of scoring and explanations. Built from a hash rather than
 * the simulator, which builds on this package.
 */

/** A reproducible stream of uniforms in [0, 1) (integer hash of seed and position). */
export function uniforms(seed: number): () => number {
  let position = 0;
  return () => {
    let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(++position, 0xc2b2ae35);
    h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
    h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
    return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
  };
}

/** `count` feature vectors; each value is missing (NaN) with probability `missingShare`. */
export function syntheticFeatures(seed: number, count: number, missingShare = 0): Float64Array[] {
  const u = uniforms(seed);
  const between = (min: number, max: number) => min + (max - min) * u();
  const count1 = (n: number) => Math.floor(u() * n);
  const risk = (zeroShare: number) => (u() < zeroShare ? 0 : u());
  return Array.from({ length: count }, () => {
    const row = Float64Array.from([
      -Math.log(1 - u()) * 60,
      u() < 2 / 7 ? 1 : 0,
      u() < 0.2 ? 1 : 0,
      1 + count1(4),
      between(5, 120),
      1 + count1(20),
      between(5, 120),
      1 + count1(80),
      between(5, 120),
      count1(15),
      risk(0.9),
      count1(60),
      risk(0.8),
      count1(200),
      risk(0.7),
    ]);
    for (let f = 0; f < row.length; f++) if (u() < missingShare) row[f] = Number.NaN;
    return row;
  });
}
