/** One line of a JSON Lines file, parsed, or the reason it could not be. */
export type JsonLine =
  | { line: number; ok: true; value: unknown }
  | { line: number; ok: false; reason: string };

export const MAX_LINE_BYTES = 1024 * 1024;

/**
 * Splits JSON Lines bytes into parsed lines. Works on bytes, not text, so that a line of invalid
 * UTF-8 is reported as that line and not as a mangled character somewhere. Accepts a UTF-8 BOM,
 * CRLF line ends and blank lines (skipped, but counted so line numbers match an editor's).
 */
export function* parseJsonLines(bytes: Uint8Array, maxLineBytes = MAX_LINE_BYTES): Generator<JsonLine> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let start = 0;
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
  let lineNumber = 0;
  while (start < bytes.length) {
    let end = bytes.indexOf(0x0a, start);
    if (end === -1) end = bytes.length;
    lineNumber++;
    let stop = end;
    if (stop > start && bytes[stop - 1] === 0x0d) stop--;
    const length = stop - start;
    const lineBytes = bytes.subarray(start, stop);
    start = end + 1;
    if (length > maxLineBytes) {
      yield { line: lineNumber, ok: false, reason: `line is ${length} bytes long; the limit is ${maxLineBytes} bytes (1 MiB)` };
      continue;
    }
    let text: string;
    try {
      text = decoder.decode(lineBytes);
    } catch {
      yield { line: lineNumber, ok: false, reason: 'line is not valid UTF-8' };
      continue;
    }
    if (text.trim() === '') continue;
    try {
      yield { line: lineNumber, ok: true, value: JSON.parse(text) };
    } catch (error) {
      yield { line: lineNumber, ok: false, reason: `line is not JSON: ${(error as Error).message}` };
    }
  }
}
