import { XMLParser } from 'fast-xml-parser';
import { stripAnsi } from './text';
import { LIMITS } from './types';

/**
 * XML helpers shared by the report parsers. Documents are never parsed whole: a linear scan finds
 * each element of interest (skipping comments and CDATA) and hands that fragment to fast-xml-parser,
 * which decodes entities and CDATA. Memory stays bounded by the largest element, a cut-off report
 * still yields the elements before the cut, and one malformed element does not lose the others.
 */

export type XmlNode = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  textNodeName: '#text',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: true,
  htmlEntities: true,
  removeNSPrefix: true,
  isArray: (_name, _path, _leaf, isAttribute) => !isAttribute,
});

/** Comments, CDATA, processing instructions and DOCTYPE: returns the index after them, or -1. */
export function skipSpecial(text: string, lt: number): number {
  const two = text.charCodeAt(lt + 1);
  if (two !== 33 /* ! */ && two !== 63 /* ? */) return -1;
  const [close, from] = text.startsWith('<!--', lt)
    ? ['-->', lt + 4]
    : text.startsWith('<![CDATA[', lt)
      ? [']]>', lt + 9]
      : two === 63
        ? ['?>', lt + 2]
        : ['>', lt + 2];
  const e = text.indexOf(close, from);
  return e === -1 ? text.length : e + close.length;
}

/** Index of the ">" closing a start/end tag, ignoring ">" inside quoted attribute values. */
export function tagEnd(text: string, lt: number): number {
  let quote = 0;
  const limit = Math.min(text.length, lt + 1_000_000);
  for (let k = lt + 1; k < limit; k++) {
    const c = text.charCodeAt(k);
    if (quote) {
      if (c === quote) quote = 0;
    } else if (c === 34 || c === 39) quote = c;
    else if (c === 62) return k;
    else if (c === 60) return k - 1; // a new tag starts: this one is broken
  }
  return -1;
}

/** Local name (namespace prefix dropped) of the tag starting at `lt`. */
export function tagName(text: string, lt: number): string {
  let k = lt + 1;
  if (text[k] === '/') k++;
  const start = k;
  while (k < text.length && k - start < 64 && /[\w:.-]/.test(text[k]!)) k++;
  const full = text.slice(start, k);
  const colon = full.lastIndexOf(':');
  return colon === -1 ? full : full.slice(colon + 1);
}

export function safeParse(xml: string): XmlNode | undefined {
  try {
    const doc: unknown = parser.parse(xml.length > LIMITS.maxXmlFragment ? shrink(xml) : xml);
    return doc && typeof doc === 'object' ? (doc as XmlNode) : undefined;
  } catch {
    return undefined;
  }
}

/** Cuts every text run and CDATA section of an oversized fragment to 64 KB. */
function shrink(xml: string): string {
  const cap = 65536;
  const out: string[] = [];
  let i = 0;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const textEnd = lt === -1 ? xml.length : lt;
    if (textEnd > i) {
      let t = xml.slice(i, Math.min(textEnd, i + cap));
      const amp = t.lastIndexOf('&');
      if (textEnd - i > cap && amp > t.length - 12) t = t.slice(0, amp);
      out.push(t);
    }
    if (lt === -1) break;
    if (xml.startsWith('<![CDATA[', lt)) {
      const e = xml.indexOf(']]>', lt + 9);
      const end = e === -1 ? xml.length : e;
      out.push('<![CDATA[', xml.slice(lt + 9, Math.min(end, lt + 9 + cap)), ']]>');
      i = e === -1 ? xml.length : e + 3;
      continue;
    }
    const gt = tagEnd(xml, lt);
    const end = gt === -1 ? xml.length : gt + 1;
    out.push(xml.slice(lt, Math.min(end, lt + cap)));
    i = end;
  }
  return out.join('');
}

export function children(node: XmlNode, name: string): XmlNode[] {
  const v = node[name];
  if (!Array.isArray(v)) return [];
  return v.map((x) => (typeof x === 'object' && x !== null ? (x as XmlNode) : { '#text': typeof x === 'string' ? x : '' }));
}

export function child(node: XmlNode | undefined, ...path: string[]): XmlNode | undefined {
  let n = node;
  for (const p of path) n = n ? children(n, p)[0] : undefined;
  return n;
}

export function attr(node: XmlNode | undefined, name: string): string {
  const v = node?.[`@_${name}`];
  return typeof v === 'string' ? v : '';
}

export function textOf(node: XmlNode | undefined): string {
  if (!node) return '';
  const t = node['#text'];
  return stripAnsi(typeof t === 'string' ? t : Array.isArray(t) ? t.filter((x) => typeof x === 'string').join('') : '');
}

/**
 * Calls `visit` with each element whose local name is in `names`, as a parsed node, outermost first
 * (an element of a listed name inside another is part of the outer one's fragment). An element cut
 * off by the end of the text is not visited. Stops when `visit` returns false.
 */
export function scanElements(
  text: string,
  names: ReadonlySet<string>,
  visit: (name: string, node: XmlNode) => boolean | void,
  /** Cheap filter on the start tag: elements it rejects are skipped without being parsed. */
  wanted?: (startTag: string) => boolean,
): void {
  const n = text.length;
  let i = 0;
  while (i < n) {
    const lt = text.indexOf('<', i);
    if (lt === -1) return;
    const skip = skipSpecial(text, lt);
    if (skip !== -1) {
      i = skip;
      continue;
    }
    const gt = tagEnd(text, lt);
    if (gt === -1) return;
    const name = tagName(text, lt);
    if (text[lt + 1] === '/' || !names.has(name)) {
      i = gt + 1;
      continue;
    }
    const end = text[gt - 1] === '/' ? gt + 1 : closeOf(text, gt + 1, name);
    if (end === -1) return;
    if (wanted && !wanted(text.slice(lt, gt + 1))) {
      i = end;
      continue;
    }
    const node = safeParse(text.slice(lt, end));
    const el = node ? children(node, name)[0] : undefined;
    if (el && visit(name, el) === false) return;
    i = end;
  }
}

/** Index after the close tag matching an element of `name` opened before `from`; -1 when absent. */
function closeOf(text: string, from: number, name: string): number {
  let depth = 1;
  let i = from;
  for (;;) {
    const lt = text.indexOf('<', i);
    if (lt === -1) return -1;
    const skip = skipSpecial(text, lt);
    if (skip !== -1) {
      i = skip;
      continue;
    }
    const gt = tagEnd(text, lt);
    if (gt === -1) return -1;
    if (tagName(text, lt) === name) {
      if (text[lt + 1] === '/') depth--;
      else if (text[gt - 1] !== '/') depth++;
      if (depth === 0) return gt + 1;
    }
    i = gt + 1;
  }
}

/** The start tag's attributes of the first element named `name` (cheap: no body parsing). */
export function startTagAttributes(text: string, name: string): Record<string, string> | undefined {
  const m = new RegExp(`<(?:\\w+:)?${name}\\b`).exec(text);
  if (!m) return undefined;
  const gt = tagEnd(text, m.index);
  if (gt === -1) return undefined;
  const tag = text.slice(m.index, gt + 1).replace(/\/?\s*>$/, '/>');
  const doc = safeParse(tag);
  const el = doc ? children(doc, name)[0] : undefined;
  if (!el) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(el)) if (k.startsWith('@_') && typeof v === 'string') out[k.slice(2)] = v;
  return out;
}
