import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { App } from '../app.ts';

/** HTTP routes of the person registry. */
export function peopleRoutes(app: App): FastifyPluginAsyncTypebox {
  void app;
  return async () => {};
}
