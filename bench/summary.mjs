// The benchmark's figures side by side, one column per CPU-throttling rate, as a Markdown
// table (for README's benchmark table). Printed after the JSON lines; a figure missing from the
// run (a section someone left out) is left out of the table too.
import { rateName } from './throttle.mjs';

/// [row label, figure name, what to show of one rate's figure, target text].
const ROWS = [
  ['offline cold start until search answers', 'cold_start', (f) => `p50 ${f.p50_ms} ms, p95 ${f.p95_ms}, max ${f.max_ms}`, '≤ 1 s at 1×, ≤ 1.5 s at 4×'],
  ['search keystroke → results rendered', 'search', (f) => `p50 ${f.p50_ms} ms, p95 ${f.p95_ms}`, 'p95 ≤ 16 ms at 1×, ≤ 33 ms at 4×'],
  ['"Add stamp" tap → the card shows it', 'stamp_tap_to_card', (f) => `p50 ${f.p50_ms} ms, p95 ${f.p95_ms}`, 'p95 ≤ 100 ms at 4×'],
  ['"Add stamp" strict commit', 'stamp_commit', (f) => `p50 ${f.p50_ms} ms, p95 ${f.p95_ms}`, '—'],
  ['same write by plain JavaScript (event, ledger entry, record, dashboard delta)', 'raw_commit', (f) => `p50 ${f.p50_ms} ms, p95 ${f.p95_ms}`, '—'],
  ['ratio of the two (p50)', 'commit_ratio', (f) => `${f.p50_ratio}`, '≤ 1.2'],
  ['plain JavaScript writing only the event and the record; the app against it', 'raw_commit_event_and_record', (f) => `p50 ${f.p50_ms} ms: ${f.app_p50_ratio}`, '—'],
  ['the same for a regular with 3 000 stamps', 'heavy_customer_commit', (f) => `${f.p50_ms} vs ${f.raw_p50_ms} ms: ${f.p50_ratio}`, '≤ 1.2'],
];

/// Prints the table for `figures` (the emitted JSON objects) at `rates`.
export function printSummary(figures, rates) {
  const byName = Object.fromEntries(figures.map((figure) => [figure.figure, figure]));
  const columns = rates.map((rate) => `${rate}× CPU`);
  const lines = [`| figure | ${columns.join(' | ')} | target |`, `|---|${columns.map(() => '---|').join('')}---|`];
  const cell = (figure, show, rate) => (figure && figure[rateName(rate)] ? show(figure[rateName(rate)]) : '—');
  for (const [label, name, show, target] of ROWS) {
    const figure = byName[name];
    if (figure) lines.push(`| ${label} | ${rates.map((rate) => cell(figure, show, rate)).join(' | ')} | ${target} |`);
  }
  const parts = byName.cold_start_parts;
  if (parts) {
    const names = Object.keys(parts[rateName(rates[0])] ?? {});
    for (const part of names) {
      const unit = part.startsWith('wasm fetches') ? '' : ' ms';
      lines.push(`| · start-up part: ${part} | ${rates.map((rate) => `${parts[rateName(rate)]?.[part] ?? '—'}${unit}`).join(' | ')} | |`);
    }
  }
  console.log(`\nSummary (median of each start-up part; figures at each CPU-throttling rate):\n${lines.join('\n')}`);
}
