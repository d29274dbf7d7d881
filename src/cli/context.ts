import type { Command } from 'commander';
import { ApiClient, loadCredentials } from './api-client.ts';

export interface GlobalOptions {
  url?: string;
  token?: string;
  json?: boolean;
}

/** The API client for a command, from --url/--token, the environment or saved credentials. */
export function client(cmd: Command): ApiClient {
  const globals = cmd.optsWithGlobals<GlobalOptions>();
  return new ApiClient(loadCredentials({ url: globals.url, token: globals.token }));
}

export function wantsJson(cmd: Command): boolean {
  return Boolean(cmd.optsWithGlobals<GlobalOptions>().json);
}

/** Collects a repeatable option's values. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** The ETag of a resource, read just before an update that needs If-Match. */
export async function etagOf(api: ApiClient, path: string): Promise<string> {
  const r = await api.request<unknown>(path);
  return r.headers.get('etag') ?? '';
}
