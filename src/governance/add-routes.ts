import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { App } from '../app.ts';
import { accountRoutes } from './account-routes.ts';
import { exclusionRoutes } from './exclusion-routes.ts';
import { policyRoutes } from './policy-routes.ts';
import { requestRoutes } from './request-routes.ts';

/** The routes of adding members under governance: policies, exclusions, accounts, requests and the inbox. */
export function governanceAddRoutes(app: App): FastifyPluginAsyncTypebox {
  return async (server) => {
    await server.register(policyRoutes(app));
    await server.register(exclusionRoutes(app));
    await server.register(accountRoutes(app));
    await server.register(requestRoutes(app));
  };
}
