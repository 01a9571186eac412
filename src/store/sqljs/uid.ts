/** Globally unique ids for occurrences and lock tokens (Web Crypto: Node 20, web workers, browsers). */
export function newUid(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** A random non-zero signed 32-bit integer (fits SQLite's `application_id` header field). */
export function randomInt32(): number {
  const v = crypto.getRandomValues(new Int32Array(1))[0];
  return v === 0 ? 1 : v;
}
