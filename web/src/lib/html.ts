/** Text made safe to put in the HTML of a chart tooltip (ECharts renders formatter output as HTML). */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** Lines of text as tooltip HTML. */
export function tooltipHtml(lines: readonly string[]): string {
  return lines.map(escapeHtml).join('<br>');
}
