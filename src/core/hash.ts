/**
 * FNV-1a 64-bit over the UTF-8 bytes of a string, computed in two 32-bit lanes so it runs anywhere
 * (no `crypto`, no BigInt on the hot path). Used for error signatures and stable ids, never for
 * security: collisions are only improbable, not hard to forge.
 */

const PRIME_LO = 0x1b3; // FNV prime 2^40 + 0x1b3: the 2^40 part is a shift of the low lane by 8 into the high lane.
const TWO_32 = 0x1_0000_0000;

export function fnv1a64(text: string): string {
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  const mix = (byte: number): void => {
    lo = (lo ^ byte) >>> 0;
    const t = lo * PRIME_LO; // < 2^41: exact in a double
    const carry = Math.floor(t / TWO_32);
    hi = (Math.imul(hi, PRIME_LO) + (lo << 8) + carry) >>> 0;
    lo = t >>> 0;
  };
  for (let i = 0; i < text.length; i++) {
    let cp = text.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (next - 0xdc00);
        i++;
      }
    }
    if (cp < 0x80) mix(cp);
    else if (cp < 0x800) {
      mix(0xc0 | (cp >> 6));
      mix(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
      mix(0xe0 | (cp >> 12));
      mix(0x80 | ((cp >> 6) & 0x3f));
      mix(0x80 | (cp & 0x3f));
    } else {
      mix(0xf0 | (cp >> 18));
      mix(0x80 | ((cp >> 12) & 0x3f));
      mix(0x80 | ((cp >> 6) & 0x3f));
      mix(0x80 | (cp & 0x3f));
    }
  }
  return hex8(hi) + hex8(lo);
}

function hex8(n: number): string {
  return (n >>> 0).toString(16).padStart(8, '0');
}
