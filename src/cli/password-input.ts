import { PontesError } from '../errors.js';

async function readAll(stream: NodeJS.ReadStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

/** Asks for a line on the terminal without echoing it (raw mode; Ctrl-C stops). */
function promptHidden(question: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(question);
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (error?: PontesError) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
      if (error !== undefined) reject(error);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return finish();
        if (ch === '\u0003') return finish(new PontesError('USAGE', { detail: 'interrupted' }));
        if (ch === '\u007f' || ch === '\b') value = [...value].slice(0, -1).join('');
        else value += ch;
      }
    };
    stdin.setRawMode(true);
    stdin.setEncoding('utf8');
    stdin.resume();
    stdin.on('data', onData);
  });
}

/**
 * A new password for a command: when standard input is not a terminal, its first line is the
 * password and an identical second line confirms it (scripts, tests); otherwise it is asked
 * twice without echo.
 */
export async function readNewPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    const lines = (await readAll(process.stdin)).split(/\r?\n/);
    const [password, confirm] = lines;
    if (password === undefined || password === '' || confirm === undefined) {
      throw new PontesError('USAGE', { detail: 'standard input must hold the password on its first line and the same password again on its second' });
    }
    if (password !== confirm) throw new PontesError('USAGE', { detail: 'the two password lines differ' });
    return password;
  }
  const password = await promptHidden('Password (at least 12 characters): ');
  const confirm = await promptHidden('The same password again: ');
  if (password !== confirm) throw new PontesError('USAGE', { detail: 'the two passwords differ' });
  return password;
}
