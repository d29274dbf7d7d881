import Fastify from 'fastify';

/**
 * A bare Fastify server in its own process, for `start` (GET /health) and `check-http` (POST /check answering a
 * constant decision, as the real route's shape). Usage: node bare-fastify.ts <port>
 */
const server = Fastify();
server.get('/health', async () => ({ status: 'ok' }));
server.post('/check', async () => ({ decision: 'allow', reasons: [] }));
await server.listen({ port: Number(process.argv[2]), host: '127.0.0.1' });
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
