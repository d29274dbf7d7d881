import { createServer } from 'node:http';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';

/**
 * Baseline child of `npm run bench -- start`: opens PGlite on Steward's data directory as Steward does (same
 * extension), reads one row, then answers GET /health on the port given, so it is timed the same way as the server.
 * Usage: node pglite-open.ts <data dir> <port>
 */
const [dir, port] = process.argv.slice(2);
const pglite = new PGlite({ dataDir: join(resolve(dir), 'pg'), extensions: { pg_trgm } });
await pglite.waitReady;
await pglite.query('select 1');
const server = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end('{"status":"ok"}');
});
server.listen(Number(port), '127.0.0.1');
process.on('SIGTERM', () => {
  server.close();
  void pglite.close().then(() => process.exit(0));
});
