/**
 * Progress on stderr (stdout carries only the result tables): a line that rewrites itself
 * on a terminal, or a line every ten per cent when stderr is a file or a pipe.
 */
const tty = process.stderr.isTTY === true;

export function log(message: string): void {
  process.stderr.write(`${tty ? '\r\x1b[K' : ''}${message}\n`);
}

export interface Progress {
  update(done: number): void;
  done(note?: string): void;
}

export function progress(label: string, total: number): Progress {
  const started = performance.now();
  let lastDraw = 0;
  let lastDecile = -1;
  const line = (done: number) => {
    const seconds = (performance.now() - started) / 1000;
    const rate = seconds > 0 ? Math.round(done / seconds) : 0;
    return `${label}: ${done.toLocaleString('en')} / ${total.toLocaleString('en')} (${((100 * done) / Math.max(total, 1)).toFixed(0)}%, ${seconds.toFixed(1)} s, ${rate.toLocaleString('en')}/s)`;
  };
  return {
    update(done) {
      const now = performance.now();
      if (tty) {
        if (now - lastDraw < 250) return;
        lastDraw = now;
        process.stderr.write(`\r\x1b[K${line(done)}`);
        return;
      }
      const decile = Math.floor((10 * done) / Math.max(total, 1));
      if (decile !== lastDecile) {
        lastDecile = decile;
        process.stderr.write(`${line(done)}\n`);
      }
    },
    done(note) {
      const seconds = (performance.now() - started) / 1000;
      log(`${label}: done in ${seconds.toFixed(1)} s${note ? ` (${note})` : ''}`);
    },
  };
}
