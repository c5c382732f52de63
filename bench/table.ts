/** A plain-text table: the first row is the header; numbers right-aligned. */
export function table(rows: ReadonlyArray<ReadonlyArray<string | number>>): string {
  const cells = rows.map((row) => row.map((cell) => String(cell)));
  const widths = cells[0]?.map((_, column) =>
    Math.max(...cells.map((row) => row[column]?.length ?? 0)),
  );
  if (!widths) return '';
  const line = (row: readonly string[], index: number) =>
    row
      .map((cell, column) => {
        const width = widths[column] ?? 0;
        const numeric = index > 0 && column > 0 && /^[-+]?[\d.,]+( ?[a-zA-Z%/×]+)?$/.test(cell);
        return numeric ? cell.padStart(width) : cell.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  const [header, ...body] = cells;
  return [
    line(header ?? [], 0),
    widths.map((width) => '-'.repeat(width)).join('  '),
    ...body.map((row) => line(row, 1)),
  ].join('\n');
}

export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
export const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
export const times = (value: number) => `${value.toFixed(2)}×`;
