// Worker threads do not inherit the tsx loader that bin/eohub.js registers in the main thread, so the
// demo generator's worker starts here, registers it, and loads the TypeScript module it was given.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.module);
