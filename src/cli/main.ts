import { Command, CommanderError } from 'commander';
import { isHubError } from '../errors/index.ts';
import { addAdminCommands } from './admin.ts';
import { addCatalogCommands } from './catalog.ts';
import { addDemoCommand } from './demo.ts';
import { addIngestCommand } from './ingest.ts';
import { addServeCommand } from './serve.ts';
import { addWorkerCommand } from './worker.ts';

/**
 * `eohub <role>`: one binary whose roles (serve, worker, ingest, demo, admin, catalog) are loaded lazily and all build
 * the hub through buildHub. Global flags override the configuration file and EOHUB_* variables.
 */
export async function main(argv: string[]): Promise<void> {
  const program = new Command()
    .name('eohub')
    .description('Open Earth-observation data hub: ingest, keep and serve satellite products.')
    .option('-c, --config <file>', 'JSON configuration file (also EOHUB_CONFIG)')
    .option('--data-dir <dir>', 'data folder: embedded database, product store, staging (EOHUB_DATA_DIR)')
    .option('--database-url <url>', 'PostgreSQL + PostGIS server instead of the embedded database (DATABASE_URL)')
    .option('--log-level <level>', 'fatal, error, warn, info, debug, trace or silent (EOHUB_LOG_LEVEL)')
    .showHelpAfterError()
    .exitOverride();
  addServeCommand(program);
  addWorkerCommand(program);
  addIngestCommand(program);
  addDemoCommand(program);
  addAdminCommands(program);
  addCatalogCommands(program);
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode;
      return;
    }
    if (isHubError(error)) {
      process.stderr.write(`eohub: ${error.message}\n`);
      process.exitCode = 2;
      return;
    }
    throw error;
  }
}
