import cluster from 'node:cluster';
import type { Command } from 'commander';
import { configFrom } from './options.ts';

export function addServeCommand(program: Command): void {
  program
    .command('serve')
    .description('Run the HTTP server (with the demo dataset on a first start with an empty catalogue).')
    .option('-p, --port <port>', 'HTTP port (EOHUB_PORT, default 8080)')
    .option('--host <host>', 'address to listen on (EOHUB_HOST, default 0.0.0.0)')
    .option('--no-demo', 'do not load the demo dataset into an empty catalogue')
    .option('--processes <n>', 'server processes sharing the port, PostgreSQL only (EOHUB_SERVE_PROCESSES, default 1)')
    .action(async (opts: { port?: string; host?: string; demo: boolean; processes?: string }, command: Command) => {
      const config = configFrom(command, {
        ...(opts.port ? { port: opts.port } : {}),
        ...(opts.host ? { host: opts.host } : {}),
        ...(opts.demo ? {} : { demo: { onEmptyStart: false } }),
        ...(opts.processes ? { serveProcesses: opts.processes } : {}),
      });
      if (config.serveProcesses > 1 && !config.databaseUrl) {
        process.stderr.write(
          `eohub: ${config.serveProcesses} server processes need PostgreSQL (DATABASE_URL): the embedded database opens in one process only; run one process, or point them at a PostgreSQL server\n`,
        );
        process.exitCode = 2;
        return;
      }
      const { dutiesGiven, runServeCluster } = await import('./serve-cluster.ts');
      const clustered = config.serveProcesses > 1;
      if (clustered && cluster.isPrimary) {
        runServeCluster(config.serveProcesses);
        return;
      }
      const duties = clustered ? dutiesGiven() : Promise.resolve();
      const { buildHub } = await import('../hub/index.ts');
      const { loadDemoIfEmpty } = await import('../hub/demo-bootstrap.ts');
      const { redactConfig, unknownEnvVariables } = await import('../config/index.ts');
      process.stderr.write(
        `eohub: opening the ${config.databaseUrl ? 'PostgreSQL' : 'embedded (PGlite + PostGIS)'} database; the first start takes a few seconds\n`,
      );
      if (config.portal.enabled) {
        const { ensurePortalBuilt } = await import('../portal/index.ts');
        // A fresh clone or changed web/ sources: build the portal before serving it (a few seconds).
        await ensurePortalBuilt().then(
          (built) => built && process.stderr.write('eohub: built the web portal (web/dist)\n'),
          (error: unknown) => process.stderr.write(`eohub: the web portal is not served: ${String(error)}\n`),
        );
      }
      const hub = await buildHub(config);
      const { startHubWorker } = await import('../hub/worker.ts');
      let worker: ReturnType<typeof startHubWorker> | undefined;
      hub.deps.log.info({ config: redactConfig(config) }, 'configuration');
      for (const { name, closest } of unknownEnvVariables()) hub.deps.log.warn(`${name} is not a setting eohub reads (did you mean ${closest}?)`);
      let closing = false;
      const stop = async (signal: string): Promise<void> => {
        if (closing) return;
        closing = true;
        hub.deps.log.info(`${signal}: shutting down`);
        await worker?.stop();
        await hub.close();
        process.exit(0);
      };
      process.once('SIGINT', () => void stop('SIGINT'));
      process.once('SIGTERM', () => void stop('SIGTERM'));
      const address = await hub.app.listen({ port: config.port, host: config.host });
      hub.deps.log.info(`eohub listening on ${address} (health: ${config.publicUrl ?? `http://localhost:${config.port}`}/health)`);
      if (config.s3.enabled) {
        const s3Address = await hub.s3App.listen({ port: config.s3.port, host: config.host });
        hub.deps.log.info(`S3 access API (bucket eodata) listening on ${s3Address}`);
      }
      // On the embedded database no other process can open it, so serve runs the jobs itself by default;
      // it starts once the first-start demo is in, so that archiving the demo does not slow loading it.
      // Of several server processes, one does this at a time (serve-cluster.ts).
      const startDuties = (): void =>
        void loadDemoIfEmpty(hub.deps).finally(() => {
          if (config.jobs.inProcessWorker && !closing) worker = startHubWorker(hub.deps);
        });
      void duties.then(startDuties);
    });
}
