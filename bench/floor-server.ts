/**
 * The floor for the list-candidates benchmark: a bare `node:http` server that answers the recorded
 * request paths with the recorded, pre-serialized response bytes. Run as a child process by
 * `list-candidates.bench.ts`: `node --import tsx bench/floor-server.ts <index.json> <pages.bin>`.
 * Prints `LISTENING <port>` once it accepts connections (127.0.0.1, ephemeral port).
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';

interface PageIndexEntry {
  path: string;
  offset: number;
  length: number;
}

const [indexFile, dataFile] = process.argv.slice(2);
if (!indexFile || !dataFile) {
  console.error('usage: floor-server.ts <index.json> <pages.bin>');
  process.exit(2);
}

const index = JSON.parse(readFileSync(indexFile, 'utf8')) as PageIndexEntry[];
const data = readFileSync(dataFile);
const pages = new Map<string, Buffer>();
for (const entry of index) pages.set(entry.path, data.subarray(entry.offset, entry.offset + entry.length));

const notFound = Buffer.from('{"status":"error","error":{"message":"not recorded"}}');

const server = http.createServer((req, res) => {
  const body = pages.get(req.url ?? '');
  res.writeHead(body ? 200 : 404, { 'content-type': 'application/json', 'content-length': (body ?? notFound).length });
  res.end(body ?? notFound);
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.stdout.write(`LISTENING ${port}\n`);
});
const stop = () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
