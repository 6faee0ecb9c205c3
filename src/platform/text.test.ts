import { describe, expect, it } from 'vitest';
import { foldKey, quote } from './text.js';

describe('foldKey', () => {
  it('folds accents, case, punctuation and spaces', () => {
    expect(foldKey('São  Paulo')).toBe('sao paulo');
    expect(foldKey('SAO-PAULO')).toBe('sao paulo');
    expect(foldKey('  Cuiabá ')).toBe('cuiaba');
    expect(foldKey("Côte d'Ivoire")).toBe('cote d ivoire');
    expect(foldKey('eThekwini (Durban)')).toBe('ethekwini durban');
  });
});

describe('quote', () => {
  it('cuts long values at 100 characters', () => {
    const quoted = quote('x'.repeat(150));
    expect(Array.from(quoted)).toHaveLength(101);
    expect(quoted.endsWith('…')).toBe(true);
    expect(quote('short')).toBe('short');
    expect(quote(42)).toBe('42');
  });
});
