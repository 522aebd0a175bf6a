// The trend chart: a bar per date bucket of the current result set, drawn
// as inline SVG with DOM calls (no library, no strings parsed as markup).
import { el, clear } from './render.js';

const SVG = 'http://www.w3.org/2000/svg';

// svg returns a new SVG element with attrs and children (strings become
// text nodes, never markup).
export function svg(tag, attrs, ...kids) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) if (v != null && v !== false) e.setAttribute(k, String(v));
  for (const k of kids) e.append(k instanceof Node ? k : document.createTextNode(String(k)));
  return e;
}

// bucketLabel formats a bucket's start for its interval.
export function bucketLabel(start, interval) {
  const d = new Date(String(start).length === 10 ? start + 'T00:00:00' : start);
  if (Number.isNaN(d.getTime())) return String(start);
  if (interval === 'quarter') return `Q${Math.floor(d.getMonth() / 3) + 1} ${d.getFullYear()}`;
  if (interval === 'month') return d.toLocaleDateString(undefined, { month: 'short', year: 'numeric' });
  const s = d.toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
  return interval === 'week' ? 'week of ' + s : s;
}

// drawTrend draws dates ([{start, count}]) into box. onPick(bucketIndex)
// is called when a bar is clicked or chosen with Enter.
export function drawTrend(box, dates, interval, onPick) {
  clear(box);
  if (!dates || dates.length === 0) {
    box.append(el('p', { class: 'muted' }, 'No dates to chart.'));
    return;
  }
  const W = 640, H = 120, padL = 36, padB = 20, padT = 8;
  const maxCount = Math.max(1, ...dates.map((d) => d.count || 0));
  const n = dates.length;
  const slot = (W - padL) / n;
  const barW = Math.max(1, slot * 0.8);
  const total = dates.reduce((s, d) => s + (d.count || 0), 0);
  const first = bucketLabel(dates[0].start, interval), last = bucketLabel(dates[n - 1].start, interval);
  const root = svg('svg', {
    viewBox: `0 0 ${W} ${H}`, class: 'trend-svg', role: 'img',
    'aria-label': `${total} comments from ${first} to ${last}, by ${interval || 'month'}; largest bucket ${maxCount}`,
    preserveAspectRatio: 'none',
  });
  const plotH = H - padB - padT;
  root.append(
    svg('line', { x1: padL, y1: H - padB, x2: W, y2: H - padB, class: 'axis' }),
    svg('text', { x: padL - 4, y: padT + 8, class: 'tick', 'text-anchor': 'end' }, maxCount),
    svg('text', { x: padL - 4, y: H - padB, class: 'tick', 'text-anchor': 'end' }, 0),
    svg('text', { x: padL, y: H - 4, class: 'tick' }, first),
    svg('text', { x: W, y: H - 4, class: 'tick', 'text-anchor': 'end' }, last),
  );
  dates.forEach((d, i) => {
    const h = Math.round(((d.count || 0) / maxCount) * plotH);
    const x = padL + i * slot + (slot - barW) / 2;
    const bar = svg('rect', {
      x: x.toFixed(1), y: H - padB - h, width: barW.toFixed(1), height: Math.max(h, d.count ? 1 : 0),
      class: 'bar', 'data-i': i,
    }, svg('title', {}, `${bucketLabel(d.start, interval)}: ${d.count} comment${d.count === 1 ? '' : 's'} (click to narrow to it)`));
    // an invisible full-height hit target so thin bars are easy to click
    const hit = svg('rect', { x: (padL + i * slot).toFixed(1), y: padT, width: slot.toFixed(1), height: plotH, class: 'target' },
      svg('title', {}, `${bucketLabel(d.start, interval)}: ${d.count}`));
    hit.addEventListener('click', () => onPick(i));
    root.append(bar, hit);
  });
  box.append(root);
}
