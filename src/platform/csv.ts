import { pipeline, Readable } from 'node:stream';
import { stringify } from 'csv-stringify';

/**
 * The characters that make a spreadsheet program (Excel, LibreOffice, Google Sheets) read a
 * cell as a formula or a command, when they start it: = + - @, and tab, carriage return and
 * NUL (OWASP, ASVS 5.0 V1.2.10).
 */
const FORMULA_START = /^[=+\-@\t\r\0]/;

/**
 * Neutralises a CSV cell against formula injection: a cell that would start with one of
 * = + - @ tab CR NUL gets a leading single quote, so the program shows it as text. Every cell
 * of every CSV Pontes writes goes through this (csvStream applies it), whatever its column:
 * a title "=HYPERLINK(…)" written by a member must never run on a curator's machine.
 */
export function neutraliseCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/**
 * A CSV document as a stream, for a download: UTF-8 with a byte-order mark (so spreadsheet
 * programs read accents), RFC 4180 (CRLF line ends; every non-empty field in double quotes,
 * quotes doubled — csv-stringify alone leaves a field holding a lone CR or LF unquoted when
 * the line end is CRLF), every cell neutralised. Rows are pulled as the client reads, so a
 * large export never sits in memory; an error after the first bytes ends the response.
 */
export function csvStream(header: readonly string[], rows: AsyncIterable<readonly string[]>, onError: (error: Error) => void): Readable {
  async function* cells() {
    yield header.map(neutraliseCell);
    for await (const row of rows) yield row.map(neutraliseCell);
  }
  const stringifier = stringify({ bom: true, quoted: true, record_delimiter: 'windows' });
  return pipeline(Readable.from(cells()), stringifier, (error) => {
    if (error !== null && error !== undefined && (error as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE') onError(error);
  });
}
