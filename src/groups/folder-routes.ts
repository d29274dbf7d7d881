import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { App } from '../app.ts';
import { actorOf } from '../platform/http/auth-hook.ts';
import { expectedVersion, withEtag } from '../platform/http/etag.ts';
import { IdParams, problems } from '../platform/http/schemas.ts';
import {
  Folder,
  FolderBody,
  FolderDetail,
  FolderListing,
  FolderMove,
  FolderPatch,
  FolderQuery,
  PrivilegeBody,
  PrivilegeParams,
  PrivilegeView,
} from './group-schemas.ts';

const tags = ['groups'];

/** Folders of groups (colon-separated names) and the privileges held on them. */
export function folderRoutes(app: App): FastifyPluginAsyncTypebox {
  return async (server) => {
    const folders = app.groups.folders;

    server.get(
      '/folders',
      {
        schema: {
          tags,
          summary: "Browse: the root folders, or a folder's subfolders and groups (parentId)",
          querystring: FolderQuery,
          response: { 200: FolderListing, ...problems },
        },
      },
      async (req) => folders.list(actorOf(req), req.query.parentId ?? null),
    );

    server.post(
      '/folders',
      {
        schema: {
          tags,
          summary: 'Create a folder (root folders: system administrators; below: admin on the parent)',
          body: FolderBody,
          response: { 201: Folder, ...problems },
        },
      },
      async (req, reply) => reply.status(201).send(withEtag(reply, await folders.create(actorOf(req), req.body))),
    );

    server.get(
      '/folders/:id',
      {
        schema: {
          tags,
          summary: 'One folder with the privileges the caller holds on it and what they may do with it (ETag)',
          params: IdParams,
          response: { 200: FolderDetail, ...problems },
        },
      },
      async (req, reply) => withEtag(reply, await folders.get(actorOf(req), req.params.id)),
    );

    server.patch(
      '/folders/:id',
      {
        schema: {
          tags,
          summary: 'Rename a folder or change its display name (If-Match); every name below follows',
          params: IdParams,
          body: FolderPatch,
          response: { 200: Folder, ...problems },
        },
      },
      async (req, reply) =>
        withEtag(reply, await folders.update(actorOf(req), req.params.id, expectedVersion(req), req.body)),
    );

    server.post(
      '/folders/:id/move',
      {
        schema: {
          tags,
          summary: 'Move a folder under another (or to the root) (If-Match); refused into itself',
          params: IdParams,
          body: FolderMove,
          response: { 200: Folder, ...problems },
        },
      },
      async (req, reply) =>
        withEtag(reply, await folders.move(actorOf(req), req.params.id, expectedVersion(req), req.body.parentId)),
    );

    server.delete(
      '/folders/:id',
      {
        schema: {
          tags,
          summary: 'Delete an empty folder (409 naming what it holds)',
          params: IdParams,
          response: { 204: Type.Null(), ...problems },
        },
      },
      async (req, reply) => {
        await folders.remove(actorOf(req), req.params.id);
        return reply.status(204).send(null);
      },
    );

    server.get(
      '/folders/:id/privileges',
      {
        schema: {
          tags,
          summary: 'Privileges granted on a folder (they cover everything below it)',
          params: IdParams,
          response: { 200: Type.Array(PrivilegeView), ...problems },
        },
      },
      async (req) => app.groups.privileges.list(actorOf(req), { folderId: req.params.id }),
    );

    server.post(
      '/folders/:id/privileges',
      {
        schema: {
          tags,
          summary: 'Grant a privilege on a folder to a person or group (admin)',
          params: IdParams,
          body: PrivilegeBody,
          response: { 201: PrivilegeView, ...problems },
        },
      },
      async (req, reply) =>
        reply
          .status(201)
          .send(await app.groups.privileges.grant(actorOf(req), { folderId: req.params.id }, req.body as never)),
    );

    server.delete(
      '/folders/:id/privileges/:privilegeId',
      {
        schema: {
          tags,
          summary: 'Revoke a privilege on a folder (admin)',
          params: PrivilegeParams,
          response: { 204: Type.Null(), ...problems },
        },
      },
      async (req, reply) => {
        await app.groups.privileges.revoke(actorOf(req), { folderId: req.params.id }, req.params.privilegeId);
        return reply.status(204).send(null);
      },
    );
  };
}
