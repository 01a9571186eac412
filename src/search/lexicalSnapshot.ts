/**
 * The keyword index as a file beside the store (`<store>.lexical`), so that a short-lived process (an
 * agent hook, a CLI search) loads it instead of tokenizing every pattern again: at 10k patterns the
 * build costs a few hundred milliseconds, the load a few tens.
 *
 * The file is a cache, never a source of truth: each document carries a hash of the text it was
 * built from, and the reader re-indexes whatever differs from the store (new, changed and removed
 * patterns), so a stale, foreign or damaged file costs time, never a wrong result. The analyzer's
 * fingerprint (tokenizer, stemmer, thesaurus, fields) is in the header: a file written by another
 * version of the analysis is ignored.
 *
 * Layout (little-endian): "MMLX", u32 format, u32 header bytes, header JSON (analyzer, terms,
 * docIds, hashes, counts), zero padding to 8 bytes, then fieldLengths (f32), offsets (i32), docs (i32),
 * each section padded to 8 bytes, and packed (f64).
 */
import { FIELD_COUNT, type LexicalState } from './analyze';
import type { LexicalIndex } from './lexical';
import { defaultConceptMatcher } from './thesaurus';
import { tokenize } from './tokenizer';

const MAGIC = 0x584c4d4d; // "MMLX" read as a little-endian u32
const FORMAT = 1;
/** A snapshot larger than this is not read (a 100k-pattern index is about 25 MB). */
const MAX_BYTES = 256 * 1024 * 1024;

export interface LexicalSnapshot {
  readonly state: LexicalState;
  /** Text hash per document id, as `textHash` computed it when the document was indexed. */
  readonly hashes: ReadonlyMap<string, number>;
}

/** A 53-bit hash of a document's searchable text (two 32-bit FNV-1a variants combined). */
export function textHash(parts: ReadonlyArray<string | undefined>): number {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ 0x5bd1e995;
  for (const part of parts) {
    const s = part ?? '';
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
      h2 ^= h2 >>> 15;
    }
    // A separator no text holds, so ["ab", "c"] and ["a", "bc"] differ.
    h1 = Math.imul(h1 ^ 0xffff, 0x01000193);
    h2 = Math.imul(h2 ^ 0xffff, 0x5bd1e995);
  }
  return (h2 >>> 0) * 0x200000 + ((h1 >>> 0) & 0x1fffff);
}

let fingerprint: string | undefined;

/** What the analysis does to a probe text: any change to tokenizer, stemmer or thesaurus changes it. */
export function analyzerFingerprint(): string {
  if (fingerprint === undefined) {
    const probe =
      'TypeError: Cannot read properties of undefined (reading "userId") in fetchUserProfile at src/api/users.ts:42; ' +
      'the floating promise was never awaited, SQL injection through string concatenation, ECONNREFUSED 127.0.0.1:5432, ' +
      'AssertionError expected 3 to equal 4 in test_parse_config_handles_missing_keys, npm ERR! missing script, NullPointerException';
    const tokens = tokenize(probe, { keepStopwords: true });
    const concepts = defaultConceptMatcher().matchTokens(tokens);
    fingerprint = `${FIELD_COUNT}:${textHash([tokens.join(' '), concepts.join(' ')]).toString(36)}`;
  }
  return fingerprint;
}

const pad8 = (n: number) => (n + 7) & ~7;

export function encodeLexicalSnapshot(state: LexicalState, hashes: ReadonlyMap<string, number>): Uint8Array {
  const header = new TextEncoder().encode(
    JSON.stringify({
      analyzer: analyzerFingerprint(),
      terms: state.terms,
      docIds: state.docIds,
      hashes: state.docIds.map((id) => hashes.get(id) ?? -1),
      postings: state.docs.length,
    }),
  );
  const start = pad8(12 + header.length);
  const sections = [state.fieldLengths, state.offsets, state.docs, state.packed];
  let size = start;
  for (const s of sections) size = pad8(size) + s.byteLength;
  const out = new Uint8Array(pad8(size));
  const view = new DataView(out.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, FORMAT, true);
  view.setUint32(8, header.length, true);
  out.set(header, 12);
  let at = start;
  for (const s of sections) {
    at = pad8(at);
    out.set(new Uint8Array(s.buffer, s.byteOffset, s.byteLength), at);
    at += s.byteLength;
  }
  return out;
}

/** The snapshot in `bytes`, or undefined when it is not one this code wrote (any doubt: rebuild). */
export function decodeLexicalSnapshot(bytes: Uint8Array | undefined): LexicalSnapshot | undefined {
  try {
    if (!bytes || bytes.length < 12 || bytes.length > MAX_BYTES) return undefined;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (view.getUint32(0, true) !== MAGIC || view.getUint32(4, true) !== FORMAT) return undefined;
    const headerLength = view.getUint32(8, true);
    if (12 + headerLength > bytes.length) return undefined;
    const h = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + headerLength))) as Record<string, unknown>;
    if (h.analyzer !== analyzerFingerprint()) return undefined;
    const { terms, docIds, hashes, postings } = h;
    if (!isStrings(terms) || !isStrings(docIds) || !Array.isArray(hashes) || hashes.length !== docIds.length) return undefined;
    if (typeof postings !== 'number' || !Number.isSafeInteger(postings) || postings < 0) return undefined;
    const n = docIds.length;
    let at = pad8(12 + headerLength);
    // Copies into aligned buffers (the file's bytes may sit at any offset).
    const take = <T extends Float32Array | Int32Array | Float64Array>(make: new (count: number) => T, count: number, width: number): T | undefined => {
      at = pad8(at);
      const end = at + count * width;
      if (end > bytes.length) return undefined;
      const out = new make(count);
      new Uint8Array(out.buffer).set(bytes.subarray(at, end));
      at = end;
      return out;
    };
    const fieldLengths = take(Float32Array, n * FIELD_COUNT, 4);
    const offsets = take(Int32Array, terms.length + 1, 4);
    const docs = take(Int32Array, postings, 4);
    const packed = take(Float64Array, postings, 8);
    if (!fieldLengths || !offsets || !docs || !packed) return undefined;
    if (offsets[0] !== 0 || offsets[terms.length] !== postings) return undefined;
    for (let t = 0; t < terms.length; t++) if (offsets[t + 1] < offsets[t]) return undefined;
    for (let i = 0; i < postings; i++) if (docs[i] < 0 || docs[i] >= n || !(packed[i] > 0)) return undefined;
    const byId = new Map<string, number>();
    docIds.forEach((id, i) => byId.set(id, typeof hashes[i] === 'number' ? (hashes[i] as number) : -1));
    if (byId.size !== n) return undefined;
    return { state: { terms, docIds, fieldLengths, offsets, docs, packed }, hashes: byId };
  } catch {
    return undefined;
  }
}

function isStrings(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

/** The index's state and hashes, ready to write. */
export function snapshotOf(index: LexicalIndex, hashes: ReadonlyMap<string, number>): Uint8Array {
  return encodeLexicalSnapshot(index.exportState(), hashes);
}
