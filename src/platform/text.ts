/**
 * Folds a name for matching: accents and case removed, punctuation and runs of spaces made one
 * space. "São Paulo", "SAO  PAULO" and "sao-paulo" all fold to "sao paulo".
 */
export function foldKey(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Quotes at most `max` characters of a value for an error message. */
export function quote(value: unknown, max = 100): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  const chars = Array.from(text);
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : text;
}
