const ANSI = /\x1b\[[0-9;]*m/g;

function width(text: string): number {
  return [...text.replace(ANSI, '')].length;
}

/**
 * Renders rows as an aligned table with a header, two spaces between columns.
 * @example renderTable(['NAME', 'WINDOWS'], [['dev', '3']])
 */
export function renderTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c + ' '.repeat(widths[i]! - width(c))))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}
