/**
 * The 16 concurrent clients of `npm run bench -- search`. The hub, PostgreSQL and the load generator share
 * the machine's two cores, so the generator's own cost per request lowers what the hub can be measured
 * at: autocannon (Node, on a worker thread) spends about 0.5 ms of CPU per request here, wrk (C, Debian's
 * `wrk`) about 0.06 ms. wrk is used when it is installed (or installable: root on Debian), autocannon
 * otherwise; the report names the one used.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { debianTool } from './debian-tool.ts';

export interface LoadRequest {
  method: 'GET' | 'POST';
  path: string;
  /** JSON text. */
  body?: string | undefined;
}

export interface LoadResult {
  rps: number;
  /** Answers other than 2xx, and errors or timeouts. */
  non2xx: number;
}

export type LoadGeneratorName = 'wrk' | 'autocannon';

export interface LoadGenerator {
  name: LoadGeneratorName;
  /** Each connection cycles through `requests` for `seconds`. */
  run(base: string, requests: readonly LoadRequest[], connections: number, seconds: number): Promise<LoadResult>;
}

function autocannon(): LoadGenerator {
  return {
    name: 'autocannon',
    run: (base, requests, connections, seconds) => {
      const worker = new Worker(new URL('./load-worker.js', import.meta.url), {
        workerData: {
          url: base,
          connections,
          seconds,
          requests: requests.map((q) => ({
            method: q.method,
            path: q.path,
            ...(q.body === undefined ? {} : { body: q.body, headers: { 'content-type': 'application/json' } }),
          })),
        },
      });
      return new Promise((resolve, reject) => {
        worker.once('message', (m: LoadResult) => resolve(m));
        worker.once('error', reject);
      });
    },
  };
}

/** wrk's summary: `Requests/sec:` counts every answer, so non-2xx and socket errors are subtracted. */
export function parseWrkOutput(out: string, seconds: number): LoadResult {
  const total = Number(/(\d+) requests in/.exec(out)?.[1] ?? NaN);
  const rate = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? NaN);
  if (!Number.isFinite(total) || !Number.isFinite(rate)) throw new Error(`wrk printed no summary:\n${out}`);
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0);
  const errors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const failed = errors ? errors.slice(1).reduce((a, b) => a + Number(b), 0) : 0;
  const elapsed = total > 0 && rate > 0 ? total / rate : seconds;
  return { rps: Math.max(0, total - non2xx) / elapsed, non2xx: non2xx + failed };
}

function wrk(path: string): LoadGenerator {
  return {
    name: 'wrk',
    run: async (base, requests, connections, seconds) => {
      const dir = await mkdtemp(join(tmpdir(), 'eohub-bench-wrk-'));
      try {
        const file = join(dir, 'requests.txt');
        if (requests.some((q) => /[\r\n]/.test(q.path + (q.body ?? '')))) throw new Error('wrk requests are one line each');
        await writeFile(file, requests.map((q) => `${q.method}\n${q.path}\n${q.body ?? ''}\n`).join(''));
        const script = join(import.meta.dirname, 'wrk-cycle.lua');
        const args = ['-t1', `-c${connections}`, `-d${seconds}s`, '--timeout', '10s', '-s', script, base, '--', file];
        const out = await new Promise<string>((resolve, reject) =>
          execFile(path, args, { timeout: (seconds + 30) * 1000 }, (error, stdout) => (error ? reject(error) : resolve(stdout))),
        );
        return parseWrkOutput(out, seconds);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}

/** The generator asked for, or the best one available. */
export function loadGenerator(wanted: LoadGeneratorName | undefined): LoadGenerator {
  if (wanted === 'autocannon') return autocannon();
  const path = debianTool('/usr/bin/wrk', 'wrk');
  if (path !== null) return wrk(path);
  if (wanted === 'wrk') throw new Error('wrk is not installed (Debian package wrk)');
  return autocannon();
}
