import type { FastifyReply, FastifyRequest } from 'fastify';
import { StewardError } from '../errors.ts';

/**
 * Optimistic concurrency: a resource's ETag is its version; an update must send the
 * version it read in If-Match, and loses with 412 if someone changed it in between.
 */
export function etag(version: number): string {
  return `"${version}"`;
}

export function withEtag<T extends { version: number }>(reply: FastifyReply, resource: T): T {
  reply.header('etag', etag(resource.version));
  return resource;
}

/** The version the client read, from If-Match; 428 when missing, 412 when malformed. */
export function expectedVersion(req: FastifyRequest): number {
  const header = req.headers['if-match'];
  if (!header)
    throw new StewardError(
      'precondition-required',
      'send the ETag you read in an If-Match header so a concurrent change is not overwritten',
    );
  const m = /^(?:W\/)?"(\d+)"$/.exec(String(header).trim());
  // Digits past the safe integers are no version this server issued (and would overflow the query).
  const version = m ? Number(m[1]) : NaN;
  if (!Number.isSafeInteger(version))
    throw new StewardError('precondition-failed', `If-Match ${header} is not an ETag this server issued`);
  return version;
}
