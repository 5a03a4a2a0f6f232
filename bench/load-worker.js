// The load generator of `npm run bench -- search`, on a worker thread of its own so that the 16 clients
// do not share the hub's event loop. Plain JavaScript: workers do not inherit the tsx loader. It runs
// autocannon over the precomputed requests it is given (each connection cycles through them) and posts
// the requests/s and the count of non-2xx answers and errors back. Inside a worker thread autocannon
// returns its histograms encoded, so the rate is counted from the completed requests and the duration.
import { parentPort, workerData } from 'node:worker_threads';
import autocannon from 'autocannon';

const { url, connections, seconds, requests } = workerData;
const result = await autocannon({ url, connections, duration: seconds, requests });
const elapsedSeconds = result.duration > 0 ? result.duration : seconds;
const ok = result['2xx'] ?? 0;
parentPort.postMessage({
  rps: ok / elapsedSeconds,
  non2xx: (result.non2xx ?? 0) + (result.errors ?? 0) + (result.timeouts ?? 0),
});
