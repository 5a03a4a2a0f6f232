// The load generator of `npm run bench -- search`, on a worker thread of its own so that the 16 clients
// do not share the hub's event loop. Plain JavaScript: workers do not inherit the tsx loader. It runs
// autocannon over the precomputed requests it is given (each connection cycles through them) and posts
// the requests/s and the count of non-2xx answers and errors back.
import { parentPort, workerData } from 'node:worker_threads';
import autocannon from 'autocannon';

const { url, connections, seconds, requests } = workerData;
const result = await autocannon({ url, connections, duration: seconds, requests });
parentPort.postMessage({ rps: result.requests.average, non2xx: result.non2xx + result.errors + result.timeouts });
