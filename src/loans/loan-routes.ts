import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { App } from '../app.ts';
import { actorOf } from '../platform/http/auth-hook.ts';
import { expectedVersion, withEtag } from '../platform/http/etag.ts';
import { IdParams, problems } from '../platform/http/schemas.ts';
import {
  Account,
  AccountBody,
  AccountQuery,
  ExpiryResult,
  HistoryQuery,
  LendBody,
  LendResult,
  Loan,
  LoanPage,
  LoanSettings,
  LoanSettingsBody,
  Pools,
  RenewBody,
  ReturnBody,
} from './loan-schemas.ts';

const tags = ['loans'];

/** Temporary accounts: pools, accounts, loans (lend, renew, return), history, expiry and settings. */
export function loanRoutes(app: App): FastifyPluginAsyncTypebox {
  return async (server) => {
    const { pools, loans } = app.loans;

    server.get(
      '/loans/pools',
      {
        schema: {
          tags,
          summary:
            "Free, lent and retired accounts per department pool (the reader's subtree) and in the global pool, with its low-water warning",
          response: { 200: Pools, ...problems },
        },
      },
      async (req) => pools.pools(actorOf(req)),
    );

    server.get(
      '/loans/accounts',
      {
        schema: {
          tags,
          summary: 'Temporary accounts by pool and state',
          querystring: AccountQuery,
          response: { 200: Type.Array(Account), ...problems },
        },
      },
      async (req) => pools.listAccounts(actorOf(req), req.query),
    );

    server.post(
      '/loans/accounts',
      {
        schema: {
          tags,
          summary:
            "Add an account to a department's pool or the global pool (its credential is random and never shown)",
          body: AccountBody,
          response: { 201: Account, ...problems },
        },
      },
      async (req, reply) => reply.status(201).send(withEtag(reply, await pools.addAccount(actorOf(req), req.body))),
    );

    server.post(
      '/loans/accounts/:id/retire',
      {
        schema: {
          tags,
          summary: 'Retire a free account (If-Match): never lent again, its history stays',
          params: IdParams,
          response: { 200: Account, ...problems },
        },
      },
      async (req, reply) =>
        withEtag(reply, await pools.retireAccount(actorOf(req), req.params.id, expectedVersion(req))),
    );

    server.get(
      '/loans',
      {
        schema: {
          tags,
          summary: "Current loans (open ones) in the reader's scope, newest first",
          querystring: HistoryQuery,
          response: { 200: LoanPage, ...problems },
        },
      },
      async (req) => loans.history(actorOf(req), { ...req.query, open: true }),
    );

    server.post(
      '/loans',
      {
        schema: {
          tags,
          summary:
            "Lend an account of the department's pool (else of the global pool) for 3 hours to 2 days; the response carries the one-time password",
          body: LendBody,
          response: { 201: LendResult, ...problems },
        },
      },
      async (req, reply) => {
        const result = await loans.lend(actorOf(req), req.body);
        reply.header('etag', `"${result.loan.version}"`);
        return reply.status(201).send(result);
      },
    );

    server.get(
      '/loans/history',
      {
        schema: {
          tags,
          summary:
            'Who had which account when: loans newest first, by account, department (subtree), borrower, open or ended',
          querystring: HistoryQuery,
          response: { 200: LoanPage, ...problems },
        },
      },
      async (req) => loans.history(actorOf(req), req.query),
    );

    server.get(
      '/loans/:id',
      {
        schema: {
          tags,
          summary: 'One loan with its renewals (ETag)',
          params: IdParams,
          response: { 200: Loan, ...problems },
        },
      },
      async (req, reply) => withEtag(reply, await loans.get(actorOf(req), req.params.id)),
    );

    server.post(
      '/loans/:id/renewals',
      {
        schema: {
          tags,
          summary: 'Renew a loan to a later end, at most 2 days from now (If-Match)',
          params: IdParams,
          body: RenewBody,
          response: { 200: Loan, ...problems },
        },
      },
      async (req, reply) =>
        withEtag(reply, await loans.renew(actorOf(req), req.params.id, expectedVersion(req), req.body)),
    );

    server.post(
      '/loans/:id/return',
      {
        schema: {
          tags,
          summary:
            'Take the account back now (If-Match): its credential is reset and it is free in its pool again; the body (a reason) may be left out',
          params: IdParams,
          body: ReturnBody,
          response: { 200: Loan, ...problems },
        },
        // A return without a body is a return without a reason.
        preValidation: async (req) => {
          req.body ??= {};
        },
      },
      async (req, reply) =>
        withEtag(
          reply,
          await loans.giveBack(actorOf(req), req.params.id, expectedVersion(req), req.body?.reason ?? null),
        ),
    );

    server.post(
      '/loans/sweep',
      {
        schema: {
          tags,
          summary:
            'End every loan whose time is up (what the temp-accounts job runs); running it again ends nothing twice',
          response: { 200: ExpiryResult, ...problems },
        },
      },
      async (req) => app.loans.expireDue(actorOf(req)),
    );

    server.get(
      '/settings/loans',
      {
        schema: {
          tags,
          summary: "The global pool's low-water mark and extra alert addresses (ETag is the version)",
          response: { 200: LoanSettings, ...problems },
        },
      },
      async (req, reply) => withEtag(reply, await pools.getSettings(actorOf(req))),
    );

    server.put(
      '/settings/loans',
      {
        schema: {
          tags,
          summary: 'Change the low-water mark and alert addresses (If-Match; "0" before the first save)',
          body: LoanSettingsBody,
          response: { 200: LoanSettings, ...problems },
        },
      },
      async (req, reply) => withEtag(reply, await pools.putSettings(actorOf(req), expectedVersion(req), req.body)),
    );
  };
}
