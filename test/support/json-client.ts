/**
 * A JSON client of a running Steward with an API token, for tests that talk to real server
 * processes (end to end, several processes): the answer's status, its body parsed when it
 * is JSON (the text otherwise, undefined when empty) and its ETag.
 */
export interface JsonAnswer<T> {
  status: number;
  body: T;
  etag: string | null;
}

export function jsonClient(url: string, token: string) {
  return async function call<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<JsonAnswer<T>> {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON (metrics, CSV): the text as it came
    }
    return { status: res.status, body: parsed as T, etag: res.headers.get('etag') };
  };
}
