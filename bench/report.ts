/** The catalogue benchmark's tables, as printed and as pasted into bench/README.md (Markdown). */
import type { StepResult } from './catalog.ts';

// A JSON report holds null where a search never completed within its time budget.
export const fmt = (ms: number | null): string =>
  ms === null || Number.isNaN(ms) ? '–' : ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : ms.toFixed(0);
export const count = (n: number): string => (n >= 1e6 ? `${n / 1e6} M` : n >= 1e3 ? `${n / 1e3} k` : String(n));

function table(head: string[], rows: string[][]): string {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

export function printTables(results: readonly StepResult[], options: { header: boolean; machine?: Record<string, unknown> }): void {
  const out: string[] = [];
  if (options.machine) out.push(`\nmachine: ${JSON.stringify(options.machine)}\n`);
  if (options.header) {
    out.push(
      table(
        ['backend', 'size', 'loaded in this step', 'products/s', 'findable by name', '(a) req/s, 16 clients'],
        results.map((r) => [
          `${r.backend} ${r.variant}`,
          count(r.size),
          String(r.load.products),
          r.load.productsPerSecond.toFixed(0),
          `${r.findable}/${r.load.products}`,
          r.throughputA16 === undefined ? '–' : r.throughputA16.toFixed(0),
        ]),
      ),
      '',
    );
  }
  const groups = new Map<string, StepResult[]>();
  for (const r of results) groups.set(`${r.backend} ${r.variant}`, [...(groups.get(`${r.backend} ${r.variant}`) ?? []), r]);
  for (const [name, rs] of groups) {
    const keys = Object.keys(rs[0]?.queries ?? {});
    out.push(
      `${name}: latency p50 / p95 / p99 in ms (mean rows per page)`,
      '',
      table(
        ['search', ...rs.map((r) => count(r.size))],
        keys.map((k) => [
          rs[0]?.queries[k]?.label ?? k,
          ...rs.map((r) => {
            const q = r.queries[k];
            return q ? `${fmt(q.p50Ms)} / ${fmt(q.p95Ms)} / ${fmt(q.p99Ms)} (${q.meanRows.toFixed(0)})` : '–';
          }),
        ]),
      ),
      '',
    );
  }
  process.stdout.write(`${out.join('\n')}\n`);
}
