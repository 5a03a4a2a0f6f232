import { Worker } from 'node:worker_threads';
import type { GenerateDemoOptions } from './generate.ts';
import type { DemoProduct } from './product-files.ts';

/**
 * generateDemo on a worker thread. Drawing a thousand products' pixels is seconds of CPU; on its own
 * thread it runs on the second core while the caller (the hub's first start) ingests each product as
 * soon as it is reported, instead of waiting for all of them. Same files, same order, same bytes as
 * generateDemo in the calling thread.
 */

export type WorkerRequest = Omit<GenerateDemoOptions, 'onProduct'>;
export type WorkerMessage =
  { kind: 'product'; product: DemoProduct; index: number } | { kind: 'done' } | { kind: 'failed'; message: string };

export function generateDemoInWorker(options: GenerateDemoOptions): Promise<{ products: string[] }> {
  const { onProduct, ...request } = options;
  const worker = new Worker(new URL('./generate-worker-entry.js', import.meta.url), {
    workerData: { ...request, module: new URL('./generate-worker.ts', import.meta.url).href },
  });
  const products: string[] = [];
  // Products are handed on one at a time, in order, even when the callback is slower than the worker.
  let chain = Promise.resolve();
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (error: Error): void => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      reject(error);
    };
    worker.on('message', (message: WorkerMessage) => {
      if (message.kind === 'product') {
        products.push(message.product.name);
        chain = chain.then(() => onProduct?.(message.product, message.index)).catch(fail);
      } else if (message.kind === 'done') {
        chain = chain.then(() => {
          settled = true;
          resolve({ products });
        }, fail);
      } else {
        fail(new Error(`the demo generator failed: ${message.message}`));
      }
    });
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (code !== 0) fail(new Error(`the demo generator's worker exited with code ${code}`));
    });
  });
}
