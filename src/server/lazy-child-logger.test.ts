import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { LazyChildLogger } from './lazy-child-logger.ts';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { logger, lines };
}

describe("a request's lazy logger", () => {
  it('writes the line the eager child would, with the request id bound', () => {
    const { logger, lines } = capture();
    const eager = logger.child({ reqId: 'req-1' }, {});
    const lazy = new LazyChildLogger(logger, { reqId: 'req-2' }, {});
    eager.warn({ code: 7 }, 'went wrong');
    lazy.warn({ code: 7 }, 'went wrong');
    const strip = ({ time: _t, reqId: _r, ...rest }: Record<string, unknown>) => rest;
    expect(lines.map((l) => l.reqId)).toEqual(['req-1', 'req-2']);
    expect(strip(lines[1])).toEqual(strip(lines[0]));
  });

  it('keeps its level and the parent level below it, and its children carry the binding', () => {
    const { logger, lines } = capture();
    const lazy = new LazyChildLogger(logger, { reqId: 'r' }, { level: 'error' });
    expect(lazy.level).toBe('error');
    lazy.info('not written');
    lazy.child({ step: 'x' }).error('written');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ reqId: 'r', step: 'x', msg: 'written' });
    expect(new LazyChildLogger(logger, { reqId: 's' }, {}).level).toBe('info');
  });
});
