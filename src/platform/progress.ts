/**
 * Progress of long CLI work on stderr: a line rewritten in place on a terminal, a line every
 * 10% (at most) elsewhere, so logs of non-interactive runs stay short.
 */
export interface Progress {
  update(done: number): void;
  finish(message: string): void;
}

export function createProgress(label: string, total: number, stream: NodeJS.WriteStream | null = process.stderr): Progress {
  if (stream === null) return { update() {}, finish() {} };
  const tty = stream.isTTY === true;
  let lastShown = -1;
  const started = Date.now();
  return {
    update(done: number) {
      const percent = total > 0 ? Math.floor((done / total) * 100) : 100;
      if (tty) {
        if (percent !== lastShown) stream.write(`\r${label}: ${done}/${total} (${percent}%)`);
      } else if (percent >= lastShown + 10 || (done === total && percent !== lastShown)) {
        stream.write(`${label}: ${done}/${total} (${percent}%)\n`);
      } else {
        return;
      }
      lastShown = percent;
    },
    finish(message: string) {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      stream.write(`${tty ? '\r\x1b[2K' : ''}${label}: ${message} in ${seconds} s\n`);
    },
  };
}
