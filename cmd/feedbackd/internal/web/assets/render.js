// Safe DOM building for text written by the public. Nothing here parses
// a string as HTML: text goes in with createTextNode, elements come from
// createElement, and the only attributes set are the ones named by the
// caller (never href or on* from data).

// Characters that change the direction of the text around them; in a
// comment they could make "gnp.exe" read as "exe.png" or reorder a whole
// line. They are shown as visible marks instead of being obeyed.
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;
const BIDI_NAMES = {
  0x061c: 'ALM', 0x200e: 'LRM', 0x200f: 'RLM',
  0x202a: 'LRE', 0x202b: 'RLE', 0x202c: 'PDF', 0x202d: 'LRO', 0x202e: 'RLO',
  0x2066: 'LRI', 0x2067: 'RLI', 0x2068: 'FSI', 0x2069: 'PDI',
};

// text appends s to parent as text, with bidi controls replaced by marks.
export function text(parent, s) {
  s = s == null ? '' : String(s);
  if (!BIDI.test(s)) {
    parent.appendChild(document.createTextNode(s));
    return parent;
  }
  let run = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0);
    if (BIDI_NAMES[cp]) {
      if (run) parent.appendChild(document.createTextNode(run));
      run = '';
      const hex = cp.toString(16).toUpperCase().padStart(4, '0');
      const mark = el('span', { class: 'ctl', title: `U+${hex} direction control, not applied` }, `⟨${BIDI_NAMES[cp]}⟩`);
      parent.appendChild(mark);
    } else {
      run += ch;
    }
  }
  if (run) parent.appendChild(document.createTextNode(run));
  return parent;
}

// SAFE_ATTRS are the attributes el sets; others are refused, so data can
// never become an href, src, style or event handler.
const SAFE_ATTRS = new Set([
  'class', 'id', 'title', 'role', 'tabindex', 'type', 'dir', 'lang', 'hidden',
  'datetime', 'value', 'for', 'scope', 'colspan',
  'aria-label', 'aria-pressed', 'aria-expanded', 'aria-controls', 'aria-current',
  'aria-describedby', 'aria-labelledby', 'aria-hidden', 'aria-level',
  'data-id', 'data-kind', 'data-value', 'data-start', 'data-end',
]);

// el returns a new element with attrs and children (strings become text).
export function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v == null || v === false) continue;
    if (!SAFE_ATTRS.has(k)) throw new Error(`el: attribute ${k} is not allowed`);
    e.setAttribute(k, v === true ? '' : String(v));
  }
  append(e, ...children);
  return e;
}

// append adds children to parent: nodes as they are, anything else as text.
export function append(parent, ...children) {
  for (const c of children.flat()) {
    if (c == null || c === false) continue;
    if (c instanceof Node) parent.appendChild(c);
    else text(parent, c);
  }
  return parent;
}

// clear removes every child of parent.
export function clear(parent) {
  parent.replaceChildren();
  return parent;
}

// byteIndex returns a function mapping a UTF-8 byte offset in s to the
// index of the same place in the JavaScript (UTF-16) string. An offset
// inside a multi-byte character moves to that character's start; offsets
// past the end clamp to s.length.
export function byteIndex(s) {
  const starts = []; // starts[i] = UTF-16 index of the character starting at byte offsets[i]
  const offsets = [];
  let b = 0;
  let i = 0;
  for (const ch of s) {
    offsets.push(b);
    starts.push(i);
    const cp = ch.codePointAt(0);
    b += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    i += ch.length;
  }
  offsets.push(b);
  starts.push(i);
  return (off) => {
    if (!(off > 0)) return 0;
    if (off >= b) return s.length;
    let lo = 0, hi = offsets.length - 1; // last offsets[k] <= off
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (offsets[mid] <= off) lo = mid; else hi = mid - 1;
    }
    return starts[lo];
  };
}

// highlight appends s to parent with the byte spans marked. Each span is
// {start, end, cls, title}; overlapping spans are split so every piece of
// text carries the classes of all spans covering it. Returns the marks.
export function highlight(parent, s, spans) {
  const toIndex = byteIndex(s);
  const ranges = [];
  for (const sp of spans || []) {
    const a = toIndex(sp.start), z = toIndex(sp.end);
    if (z > a) ranges.push({ a, z, cls: sp.cls || '', title: sp.title || '' });
  }
  const cuts = new Set([0, s.length]);
  for (const r of ranges) { cuts.add(r.a); cuts.add(r.z); }
  const points = [...cuts].sort((x, y) => x - y);
  const marks = [];
  for (let k = 0; k + 1 < points.length; k++) {
    const a = points[k], z = points[k + 1];
    const piece = s.slice(a, z);
    const on = ranges.filter((r) => r.a <= a && r.z >= z);
    if (on.length === 0) {
      text(parent, piece);
      continue;
    }
    const cls = [...new Set(on.flatMap((r) => r.cls.split(' ')).filter(Boolean))].join(' ');
    const title = [...new Set(on.map((r) => r.title).filter(Boolean))].join('\n');
    const m = el('mark', { class: cls, title: title || null }, piece);
    parent.appendChild(m);
    marks.push(m);
  }
  return marks;
}

// ENTITIES are the references Go's html.EscapeString writes.
const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

// decodeEntities turns character references back into characters.
function decodeEntities(s) {
  return s.replace(/&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]+);/g, (all, ref) => {
    if (ref[0] === '#') {
      const cp = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : all;
    }
    return ENTITIES[ref] ?? all;
  });
}

// fragment appends a search fragment to parent. The API sends it as
// escaped HTML whose only tags are <mark> and </mark>; rather than trust
// that and hand it to the HTML parser, it is split on those two tags and
// every other piece is decoded and added as text, so a fragment can never
// create any other element whatever it holds.
export function fragment(parent, html) {
  const parts = String(html || '').split(/(<mark>|<\/mark>)/);
  let target = parent;
  for (const p of parts) {
    if (p === '<mark>') {
      target = parent.appendChild(el('mark', { class: 'q' }));
    } else if (p === '</mark>') {
      target = parent;
    } else if (p) {
      text(target, decodeEntities(p));
    }
  }
  return parent;
}

// formatDate returns a short local date ("3 Oct 2026") for an RFC 3339 time.
export function formatDate(iso, withTime) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso || '');
  const opts = { day: 'numeric', month: 'short', year: 'numeric' };
  if (withTime) Object.assign(opts, { hour: '2-digit', minute: '2-digit' });
  return d.toLocaleString(undefined, opts);
}
