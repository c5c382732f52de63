/**
 * The known key an unknown key is most likely a slip of, if any: `countryOfResidense`,
 * `dateofBirth`, `Nationality`, `adress`. Case is ignored; then at most one edit (a
 * letter added, dropped, changed, or two swapped), two in keys of 12 letters or more.
 * Why no more: in keys this short two edits already make another word a vendor may take
 * (`nationalId` is two from `nationality`), while in a long compound key two slips
 * still leave it recognisable. A known key with more appended (`address2`, `names`)
 * names another field, not a slip.
 */
export function nearMiss(key: string, known: readonly string[]): string | undefined {
  const typed = key.toLowerCase();
  let best: { key: string; distance: number } | undefined;
  for (const candidate of known) {
    const target = candidate.toLowerCase();
    if (typed !== target && typed.startsWith(target)) continue;
    const allowed = target.length >= 12 ? 2 : 1;
    const distance = editDistance(typed, target);
    if (distance <= allowed && (best === undefined || distance < best.distance)) {
      best = { key: candidate, distance };
    }
  }
  return best?.key;
}

/** Damerau-Levenshtein distance (optimal string alignment: a swap of neighbours is one edit). */
export function editDistance(a: string, b: string): number {
  // rows[i][j]: the distance between the first i letters of a and the first j of b.
  const rows = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number) => rows[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i <= a.length; i++) {
    const row = rows[i] as number[];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let distance = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        distance = Math.min(distance, at(i - 2, j - 2) + 1);
      }
      row[j] = distance;
    }
  }
  return at(a.length, b.length);
}
