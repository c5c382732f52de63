/**
 * A JSON-safe copy of anything an inspector is handed: functions dropped, objects seen
 * before (cycles, the actor system shared by every snapshot) and anything deeper than
 * `depth` replaced by a marker. Bounded by the number of objects, so cheap on any graph.
 */
export function toPlainData(value: unknown, depth = 10): unknown {
  const seen = new WeakSet<object>();
  const copy = (item: unknown, level: number): unknown => {
    if (item === null || typeof item !== 'object') {
      return typeof item === 'function' || typeof item === 'symbol' ? undefined : item;
    }
    if (seen.has(item)) return '[seen]';
    if (level >= depth) return '[deep]';
    seen.add(item);
    if (Array.isArray(item)) return item.map((entry) => copy(entry, level + 1) ?? null);
    const json = (item as { toJSON?: unknown }).toJSON;
    if (typeof json === 'function') return copy(json.call(item), level + 1);
    const out: Record<string, unknown> = {};
    for (const [key, entry] of Object.entries(item)) {
      const copied = copy(entry, level + 1);
      if (copied !== undefined) out[key] = copied;
    }
    return out;
  };
  return copy(value, 0);
}
