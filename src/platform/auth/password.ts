import fs from 'node:fs';
import { hash, verify, type Options } from '@node-rs/argon2';
import { projectPath } from '../paths.js';

/** ASVS 5.0 §6.2: at least 12 characters, and long passphrases allowed (at least 64). */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

/**
 * Argon2id with OWASP's first recommended setting (19 MiB, 2 passes, 1 lane), which is also
 * the library's default; written out so that a library upgrade cannot weaken it silently.
 */
// `algorithm: 2` is Argon2id: the library's Algorithm is a const enum, which vitest/tsx cannot inline.
const OPTIONS: Options = { algorithm: 2 as Options['algorithm'], memoryCost: 19_456, timeCost: 2, parallelism: 1, outputLen: 32 };

let commonPasswords: ReadonlySet<string> | undefined;

/**
 * The 10,000 most common passwords of 12 characters or more (ASVS 6.2.4), lower-cased, one a
 * line, in reference/common-passwords.txt (where it comes from: reference/README.md, ADR 0012).
 * Read once, on first use.
 */
export function commonPasswordList(): ReadonlySet<string> {
  commonPasswords ??= new Set(fs.readFileSync(projectPath('reference', 'common-passwords.txt'), 'utf8').split('\n').filter((line) => line !== ''));
  return commonPasswords;
}

/** Is the password on the common list? Compared as NFC and lower case, so "Qwerty123456" counts too. */
export function isCommonPassword(password: string): boolean {
  return commonPasswordList().has(password.normalize('NFC').toLowerCase());
}

/** Why a password is refused, or null when it may be used. Length in Unicode code points. */
export function passwordProblem(password: string): 'too_short' | 'too_long' | 'common' | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return 'too_short';
  if (length > PASSWORD_MAX_LENGTH) return 'too_long';
  if (isCommonPassword(password)) return 'common';
  return null;
}

/** An Argon2id PHC string for the password (normalised to NFC, so the same keys give the same hash). */
export function hashPassword(password: string): Promise<string> {
  return hash(password.normalize('NFC'), OPTIONS);
}

let dummyHash: Promise<string> | undefined;

/**
 * Checks a password against a stored hash. With no hash (unknown email, or no password set),
 * a dummy hash is verified anyway, so the answer takes as long and says nothing more.
 */
export async function verifyPassword(password: string, storedHash: string | null | undefined): Promise<boolean> {
  const candidate = password.normalize('NFC');
  if (storedHash === null || storedHash === undefined) {
    dummyHash ??= hash('a dummy password nobody has', OPTIONS);
    await verify(await dummyHash, candidate).catch(() => false);
    return false;
  }
  try {
    return await verify(storedHash, candidate);
  } catch {
    return false;
  }
}
