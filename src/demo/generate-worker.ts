import { parentPort, workerData } from 'node:worker_threads';
import { generateDemo } from './generate.ts';
import type { WorkerMessage, WorkerRequest } from './generate-in-worker.ts';

/** The worker side of generateDemoInWorker: runs the generator and reports each product as it lands. */

const request = workerData as WorkerRequest;
const post = (message: WorkerMessage): void => parentPort?.postMessage(message);
try {
  await generateDemo({ ...request, onProduct: (product, index) => post({ kind: 'product', product, index }) });
  post({ kind: 'done' });
} catch (error) {
  post({ kind: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
}
