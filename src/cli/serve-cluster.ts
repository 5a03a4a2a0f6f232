import cluster, { type Worker } from 'node:cluster';

/**
 * `eohub serve --processes N` on PostgreSQL: the first process (cluster primary) serves nothing itself; it
 * forks N server processes that share the listening sockets through node:cluster, which hands accepted
 * connections to them in turn. Server processes keep no state between requests (paging cursors carry
 * their position, caches are per process and short-lived, quotas are counted in the database), so any of
 * them may answer any request; one Node process per core lets HTTP parsing, CQL2 and JSON work on every
 * core instead of one.
 *
 * The first process to listen starts alone, so that migrations and the first admin are done once before
 * the others start. The once-per-hub duties of `serve` (the first-start demo load and the in-process job
 * worker) are given to one listening process at a time: the primary sends it DUTIES_MESSAGE, and gives
 * them to another when it exits. A server process that dies is replaced; if the first one dies before it
 * listens (a bad configuration, an unreachable database), the primary exits with its code.
 */
export const DUTIES_MESSAGE = 'eohub:serve-duties';

export function runServeCluster(processes: number): void {
  const live = new Set<Worker>();
  const listening = new Set<Worker>();
  let dutyHolder: Worker | undefined;
  let closing = false;
  let started = false;
  const fork = (): void => {
    live.add(cluster.fork());
  };

  const assignDuties = (): void => {
    if (dutyHolder !== undefined || closing) return;
    const next = [...listening][0];
    if (next === undefined) return;
    dutyHolder = next;
    next.send(DUTIES_MESSAGE);
  };

  cluster.on('listening', (worker) => {
    // Each process listens on the HTTP port and perhaps the S3 port; its first socket counts.
    if (listening.has(worker)) return;
    listening.add(worker);
    if (!started) {
      started = true;
      for (let i = 1; i < processes; i++) fork();
    }
    assignDuties();
  });

  cluster.on('exit', (worker, code, signal) => {
    live.delete(worker);
    listening.delete(worker);
    if (dutyHolder === worker) dutyHolder = undefined;
    if (closing) {
      if (live.size === 0) process.exit(0);
      return;
    }
    if (!started) {
      process.stderr.write(`eohub: the first server process exited before listening (code ${code ?? signal})\n`);
      process.exit(code ?? 1);
    }
    process.stderr.write(`eohub: server process ${worker.process.pid ?? '?'} exited (${code ?? signal}); starting another\n`);
    fork();
    assignDuties();
  });

  const stop = (signal: NodeJS.Signals): void => {
    if (closing) return;
    closing = true;
    if (live.size === 0) process.exit(0);
    for (const w of live) w.process.kill(signal);
  };
  process.once('SIGINT', () => stop('SIGTERM'));
  process.once('SIGTERM', () => stop('SIGTERM'));

  process.stderr.write(`eohub: starting ${processes} server processes on one port (PostgreSQL)\n`);
  fork();
}

/**
 * In a server process of a cluster: resolves once the primary gives this process the hub's duties. Called
 * before the process listens, since a message that arrives with no listener is lost.
 */
export function dutiesGiven(): Promise<void> {
  return new Promise((resolve) => {
    const onMessage = (m: unknown): void => {
      if (m !== DUTIES_MESSAGE) return;
      process.off('message', onMessage);
      resolve();
    };
    process.on('message', onMessage);
  });
}
