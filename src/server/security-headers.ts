import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * Security headers on every answer (issue 13), by helmet. The web UI is a Vite
 * build: one module script and one stylesheet under /assets, no inline script or style
 * element (React sets style properties through the DOM, which a CSP does not govern), so
 * everything comes from 'self'; the only data: URL is the empty favicon. The Swagger UI at
 * /docs is served as files from 'self' as well, but its bundle adds a <style> element of
 * its own: its pages alone allow inline style elements (`style-src-elem 'self'
 * 'unsafe-inline'`), which lets no script run; a hash of that element would break on
 * every upgrade of swagger-ui.
 *
 * - Content-Security-Policy with `frame-ancestors 'none'`, and X-Frame-Options: DENY for
 *   older browsers: no other site may frame Steward (click-jacking).
 * - X-Content-Type-Options: nosniff.
 * - Referrer-Policy: strict-origin-when-cross-origin. Not `no-referrer`: under it a browser
 *   sends `Origin: null` on Steward's own POSTs, and the cross-site check needs the origin.
 * - No `upgrade-insecure-requests`: Steward may be reached over plain HTTP on a loopback
 *   address, where the browser would then ask for https and fail.
 *
 * The headers are the same on every answer of a kind, so helmet computes them once, at start, and each answer copies
 * them (@fastify/helmet built helmet's middleware anew on every request: about 0.1 ms of CPU each, a tenth of a
 * POST /check).
 */
export const contentSecurityPolicy = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

/** The Swagger UI's pages (/docs): the same policy, with inline style elements allowed. */
export const docsContentSecurityPolicy = { ...contentSecurityPolicy, 'style-src-elem': ["'self'", "'unsafe-inline'"] };

/** The route option (config.helmet) that gives a /docs route its policy. */
export const docsHelmet = { contentSecurityPolicy: { useDefaults: false, directives: docsContentSecurityPolicy } };

const options: HelmetOptions = {
  contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy },
  frameguard: { action: 'deny' },
  referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
  xContentTypeOptions: true,
};

/** The headers helmet's middleware sets with these options (it only sets and removes headers). */
function headersOf(settings: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: string | number) => (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => delete headers[name.toLowerCase()],
  };
  helmet(settings)({} as never, response as never, () => {});
  return headers;
}

/**
 * The headers go with the reply's own (Fastify hands them to Node in one `writeHead`, and error answers keep them),
 * not onto the raw response one by one: each `setHeader` there costs a validation and an entry in Node's header map.
 */
export async function registerSecurityHeaders(server: FastifyInstance): Promise<void> {
  const everywhere = headersOf(options);
  const docs = headersOf({ ...options, ...docsHelmet });
  server.addHook('onRequest', (req, reply, done) => {
    reply.headers((req.routeOptions.config as { helmet?: unknown } | undefined)?.helmet ? docs : everywhere);
    done();
  });
}
