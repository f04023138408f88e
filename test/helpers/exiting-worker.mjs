// An analysis worker that dies on its first chunk, as one that runs out of memory would.
import { parentPort } from 'node:worker_threads';

parentPort.on('message', () => process.exit(3));
