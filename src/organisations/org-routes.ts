import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { App } from '../app.ts';

/** HTTP routes of the organisation tree. */
export function orgRoutes(app: App): FastifyPluginAsyncTypebox {
  void app;
  return async () => {};
}
