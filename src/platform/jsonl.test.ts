import { describe, expect, it } from 'vitest';
import { parseJsonLines } from './jsonl.js';

const parse = (bytes: Uint8Array, max?: number) => [...parseJsonLines(bytes, max)];

describe('parseJsonLines', () => {
  it('accepts a BOM, CRLF line ends and blank lines, keeping editor line numbers', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":1}\r\n\r\n   \n{"a":2}\r\n')]);
    expect(parse(bytes)).toEqual([
      { line: 1, ok: true, value: { a: 1 } },
      { line: 4, ok: true, value: { a: 2 } },
    ]);
  });

  it('reads a last line without a newline', () => {
    expect(parse(Buffer.from('{"a":1}\n{"b":2}'))).toHaveLength(2);
  });

  it('reports invalid UTF-8 on its own line only', () => {
    const bytes = Buffer.concat([Buffer.from('{"a":1}\n{"b":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}\n{"c":3}\n')]);
    const lines = parse(bytes);
    expect(lines[0]).toMatchObject({ line: 1, ok: true });
    expect(lines[1]).toEqual({ line: 2, ok: false, reason: 'line is not valid UTF-8' });
    expect(lines[2]).toMatchObject({ line: 3, ok: true });
  });

  it('reports a line that is not JSON', () => {
    const [line] = parse(Buffer.from('{"a":\n'));
    expect(line).toMatchObject({ line: 1, ok: false });
    expect(line?.ok === false && line.reason).toMatch(/^line is not JSON/);
  });

  it('refuses a line over the size limit without decoding it', () => {
    const long = `{"x":"${'a'.repeat(200)}"}`;
    const lines = parse(Buffer.from(`${long}\n{"a":1}\n`), 100);
    expect(lines[0]).toMatchObject({ line: 1, ok: false });
    expect(lines[0]?.ok === false && lines[0].reason).toMatch(/limit is 100 bytes/);
    expect(lines[1]).toMatchObject({ line: 2, ok: true });
  });

  it('decodes multi-byte characters', () => {
    expect(parse(Buffer.from('{"city":"São Tomé — Île"}\n'))[0]).toEqual({ line: 1, ok: true, value: { city: 'São Tomé — Île' } });
  });
});
