import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { cliDatabase, freePort, runEohub, startEohub } from '../support/cli.ts';
import { insertTestProducts } from '../support/products.ts';
import { createTestDb, TEST_DATABASE_URL } from '../support/with-db.ts';

/** Pids of the processes that logged "eohub listening" (pino JSON lines carry the pid). */
function listeningPids(output: string): number[] {
  return output
    .split('\n')
    .filter((l) => l.includes('eohub listening on'))
    .map((l) => (JSON.parse(l) as { pid: number }).pid);
}

async function until(what: string, ok: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The pids of a process's Node children (procps `ps`, as on Debian); tsx's esbuild service is one more child. */
function childrenOf(pid: number): number[] {
  try {
    return execFileSync('ps', ['-o', 'pid=,comm=', '--ppid', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
      .filter(([, comm]) => comm === 'node')
      .map(([n]) => Number(n))
      .sort((a, b) => a - b);
  } catch {
    return []; // ps exits 1 when there are none
  }
}

describe('eohub serve --processes', () => {
  it('answers on one port from two server processes that share one PostgreSQL database, replaces one that dies, and stops them all on SIGTERM [postgres]', async () => {
    const { db, drop } = await createTestDb('postgres');
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const serve = startEohub(['serve', '--no-demo', '--processes', '2', '--port', String(port), '--host', '127.0.0.1'], {
      DATABASE_URL: TEST_DATABASE_URL,
      EOHUB_DATABASE_SCHEMA: db.schema,
      EOHUB_ADMIN_PASSWORD: 'test hub admin password',
      EOHUB_PORTAL_ENABLED: 'false',
      EOHUB_LOG_LEVEL: 'info',
    });
    const primary = serve.pid ?? 0;
    try {
      await until('two server processes listening', () => listeningPids(serve.output()).length >= 2, 90_000);
      const members = listeningPids(serve.output());
      expect(new Set(members).size).toBe(2);
      expect(members).not.toContain(primary);
      expect(childrenOf(primary)).toEqual([...members].sort((a, b) => a - b));

      // A product written to the database after they started is found through either, by any connection.
      await insertTestProducts(db, [{ name: 'S2B_MSIL2A_20240105T101021_N0510_R022_T33TUM_20240105T120000.SAFE' }]);
      const answers = await Promise.all(
        Array.from({ length: 16 }, async () => {
          const res = await fetch(`${base}/stac/search?ids=S2B_MSIL2A_20240105T101021_N0510_R022_T33TUM_20240105T120000.SAFE`, {
            headers: { connection: 'close' },
          });
          return { status: res.status, body: (await res.json()) as { features: { id: string }[] } };
        }),
      );
      for (const a of answers) {
        expect(a.status).toBe(200);
        expect(a.body.features.map((f) => f.id)).toEqual(['S2B_MSIL2A_20240105T101021_N0510_R022_T33TUM_20240105T120000.SAFE']);
      }

      // One dies: the port keeps answering, and the primary starts a replacement.
      const [killed, survivor] = members as [number, number];
      process.kill(killed, 'SIGKILL');
      await until('the killed process gone', () => !alive(killed), 10_000);
      const res = await fetch(`${base}/stac/conformance`, { headers: { connection: 'close' } });
      expect(res.status).toBe(200);
      await until('a replacement listening', () => listeningPids(serve.output()).length >= 3, 90_000);
      const now = childrenOf(primary);
      expect(now).toContain(survivor);
      expect(now).not.toContain(killed);
      expect(now).toHaveLength(2);

      serve.kill('SIGTERM');
      const code = await new Promise<number | null>((r) => serve.once('exit', r));
      expect(code).toBe(0);
      for (const pid of now) expect(alive(pid), `server process ${pid}`).toBe(false);
      await expect(fetch(`${base}/health`)).rejects.toThrow(); // nothing listens any more
    } finally {
      if (alive(primary)) serve.kill('SIGKILL');
      for (const pid of childrenOf(primary)) process.kill(pid, 'SIGKILL');
      await drop();
    }
  }, 240_000);

  it('refuses more than one process on the embedded database with a clear message, before opening it [pglite]', async () => {
    const { env, drop } = await cliDatabase('pglite');
    try {
      const r = await runEohub(['serve', '--no-demo', '--processes', '2', '--port', String(await freePort())], env);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/2 server processes need PostgreSQL/);
      expect(r.stderr).not.toMatch(/listening/);
      const viaEnv = await runEohub(['serve', '--no-demo', '--port', String(await freePort())], { ...env, EOHUB_SERVE_PROCESSES: '3' });
      expect(viaEnv.code).toBe(2);
      expect(viaEnv.stderr).toMatch(/3 server processes need PostgreSQL/);
    } finally {
      await drop();
    }
  }, 60_000);
});
