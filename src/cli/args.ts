import { parseArgs, type ParseArgsConfig } from 'node:util';
import { PontesError } from '../errors.js';

/** Parses a command's flags with node:util parseArgs, turning its errors into usage errors. */
export function parseFlags<T extends ParseArgsConfig['options']>(args: string[], options: T, usage: string) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new PontesError('USAGE', { detail: `${(error as Error).message}\nusage: ${usage}` });
  }
}
