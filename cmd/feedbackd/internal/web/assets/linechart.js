// The sentiment and score chart of the Trends view: net sentiment (left
// axis, -100 to 100) and NPS, CSAT or CES (right axis, the score's own
// scale) on one time axis, drawn as SVG with DOM calls. Each period is a
// column: hover or focus shows its figures with their n, arrow keys move
// between periods, a click or Enter opens the search of that period. A
// table under the chart holds the same figures for reading without it.
import { el, clear, append } from './render.js';
import { svg, bucketLabel } from './chart.js';

// SCORES are the scales of the right axis.
export const SCORES = {
  nps: { name: 'NPS', min: -100, max: 100, ticks: [-100, -50, 0, 50, 100], digits: 0, unit: ' pts' },
  csat: { name: 'CSAT', min: 1, max: 5, ticks: [1, 2, 3, 4, 5], digits: 2, unit: '' },
  ces: { name: 'CES', min: 1, max: 7, ticks: [1, 4, 7], digits: 2, unit: '' },
};

const SENT = { name: 'Net sentiment', min: -100, max: 100, ticks: [-100, -50, 0, 50, 100] };

// fmt formats a figure's value (null as an en dash).
export function fmt(v, digits = 0) {
  if (v == null) return '–';
  const s = Math.abs(v).toFixed(digits);
  return (v < 0 && Number(s) !== 0 ? '−' : '') + s;
}

// signed formats a change with its sign.
function signed(v, digits = 0) {
  if (v == null) return '';
  const s = fmt(v, digits);
  return v > 0 && Number(Math.abs(v).toFixed(digits)) !== 0 ? '+' + s : s;
}

// describeFigure is "−40 (n 12, −20 since the previous period, significant)".
function describeFigure(f, digits, minN) {
  if (!f || f.value == null) return `no value (n ${f?.n ?? 0})`;
  const bits = [`n ${f.n}`];
  if (f.n < minN) bits.push(`fewer than ${minN}`);
  if (f.change != null) bits.push(`${signed(f.change, digits)} since the previous period${f.significant ? ', significant' : ''}`);
  return `${fmt(f.value, digits)} (${bits.join(', ')})`;
}

// describePoint is the text of one period: for the hover line, the
// column's accessible name and the table's titles.
export function describePoint(p, interval, metric, minN) {
  const sc = SCORES[metric];
  const when = bucketLabel(p.start, interval);
  if (p.suppressed) return `${when}: suppressed (too few employee respondents to stay anonymous)`;
  return `${when}: ${p.n} comment${p.n === 1 ? '' : 's'}; net sentiment ${describeFigure(p.net_sentiment, 0, minN)}; ` +
    `mean sentiment ${fmt(p.sentiment?.value, 2)}; ${sc.name} ${describeFigure(p[metric], sc.digits, minN)}` +
    (p.employees_left_out ? '; employee comments left out (too few respondents to stay anonymous)' : '');
}

// shortLabel is a period's start without the year ("3 Aug"), or the
// month or quarter.
function shortLabel(start, interval) {
  if (interval === 'month' || interval === 'quarter') return bucketLabel(start, interval);
  const d = new Date(start + 'T00:00:00');
  return Number.isNaN(d.getTime()) ? String(start) : d.toLocaleDateString(undefined, { day: 'numeric', month: 'short' });
}

// drawLines draws series s ({group, n, points}) into box. o: {periods,
// interval, metric, minN, compact, title, onPick(i), href(i)}. onPick
// opens the search of period i; href(i) returns a link to it for the
// table.
export function drawLines(box, s, o) {
  clear(box);
  const sc = SCORES[o.metric] || SCORES.nps;
  const pts = s.points || [];
  const W = o.compact ? 360 : 1000, H = o.compact ? 150 : 260;
  const padL = 44, padR = 44, padT = 10, padB = 24;
  const plotW = W - padL - padR, plotH = H - padT - padB;
  const n = pts.length;
  const slot = plotW / Math.max(1, n);
  const x = (i) => padL + slot * (i + 0.5);
  const yOf = (ax) => (v) => padT + plotH * (1 - (v - ax.min) / (ax.max - ax.min));
  const yS = yOf(SENT), yM = yOf(sc);
  const title = o.title || 'All comments';
  const root = svg('svg', {
    viewBox: `0 0 ${W} ${H}`, class: 'lines-svg' + (o.compact ? ' compact' : ''), role: 'group',
    'aria-label': `${title}: net sentiment and ${sc.name} by ${o.interval}. Arrow keys move between periods; Enter opens the search of a period.`,
  });

  // grid and axes: net sentiment on the left, the score on the right
  const gTicks = o.compact ? [-100, 0, 100] : SENT.ticks;
  for (const t of gTicks) {
    root.append(svg('line', { x1: padL, x2: W - padR, y1: yS(t), y2: yS(t), class: t === 0 ? 'zero' : 'grid' }),
      svg('text', { x: padL - 4, y: yS(t) + 3, class: 'tick s', 'text-anchor': 'end' }, signed(t)));
  }
  for (const t of o.compact ? [sc.min, sc.max] : sc.ticks) {
    root.append(svg('text', { x: W - padR + 4, y: yM(t) + 3, class: 'tick m' }, o.metric === 'nps' ? signed(t) : t));
  }
  if (!o.compact) {
    root.append(
      svg('text', { x: 10, y: padT + plotH / 2, class: 'axis-title s', transform: `rotate(-90 10 ${padT + plotH / 2})`, 'text-anchor': 'middle' }, 'Net sentiment (%pos − %neg)'),
      svg('text', { x: W - 6, y: padT + plotH / 2, class: 'axis-title m', transform: `rotate(90 ${W - 6} ${padT + plotH / 2})`, 'text-anchor': 'middle' }, sc.name));
  }
  // period labels: evenly spaced, the last always, none crowding it;
  // small charts name only the first and the last period
  const labelEvery = o.compact ? Math.max(1, n - 1) : Math.max(1, Math.ceil(n / 8));
  pts.forEach((p, i) => {
    if ((i % labelEvery === 0 && n - 1 - i >= labelEvery) || i === n - 1) {
      const short = o.compact ? shortLabel(p.start, o.interval) : bucketLabel(p.start, o.interval === 'week' ? 'day' : o.interval);
      root.append(svg('text', { x: x(i), y: H - 6, class: 'tick', 'text-anchor': i === 0 && n > 1 ? 'start' : i === n - 1 && n > 1 ? 'end' : 'middle' }, short));
    }
  });

  // suppressed periods are grey bands: their figures are withheld
  pts.forEach((p, i) => {
    if (p.suppressed) {
      root.append(svg('rect', { x: x(i) - slot / 2, y: padT, width: slot, height: plotH, class: 'supp' }),
        svg('text', { x: x(i), y: padT + plotH - 4, class: 'supp-mark', 'text-anchor': 'middle' }, '⊘'));
    }
  });

  // the lines: broken where a period has no value
  const line = (key, y, cls) => {
    let d = '';
    let prev = false;
    pts.forEach((p, i) => {
      const v = p[key]?.value;
      if (v == null) { prev = false; return; }
      d += `${prev ? 'L' : 'M'}${x(i).toFixed(1)} ${y(v).toFixed(1)} `;
      prev = true;
    });
    if (d) root.append(svg('path', { d: d.trim(), class: 'line ' + cls }));
  };
  line('net_sentiment', yS, 's');
  line(o.metric, yM, 'm');

  // the markers: hollow below minN, ringed when the change is significant
  const marker = (p, i, key, y, cls) => {
    const f = p[key];
    if (!f || f.value == null) return;
    const cx = x(i), cy = y(Math.max(key === 'net_sentiment' ? SENT.min : sc.min, Math.min(key === 'net_sentiment' ? SENT.max : sc.max, f.value)));
    const few = f.n < o.minN ? ' few' : '';
    if (f.significant) root.append(svg('circle', { cx, cy, r: 8, class: 'ring ' + cls }));
    root.append(cls === 's'
      ? svg('circle', { cx, cy, r: 4, class: `pt s${few}` })
      : svg('rect', { x: cx - 3.5, y: cy - 3.5, width: 7, height: 7, class: `pt m${few}` }));
  };
  pts.forEach((p, i) => { marker(p, i, 'net_sentiment', yS, 's'); marker(p, i, o.metric, yM, 'm'); });

  // one focusable column per period (roving tabindex: one tab stop)
  const readout = el('p', { class: 'readout' }, o.compact ? '' : 'Hover or focus a period for its figures; click or Enter opens its comments.');
  const cols = pts.map((p, i) => {
    const label = describePoint(p, o.interval, o.metric, o.minN);
    const g = svg('g', { class: 'col', tabindex: i === n - 1 ? 0 : -1, role: 'button', 'aria-label': label + '. Enter: search these comments.', 'data-i': i, 'data-start': p.start },
      svg('rect', { x: x(i) - slot / 2, y: padT, width: slot, height: plotH, class: 'target' }),
      svg('title', {}, label));
    const show = () => { readout.textContent = label; };
    g.addEventListener('mouseenter', show);
    g.addEventListener('focus', show);
    g.addEventListener('click', () => o.onPick(i));
    g.addEventListener('keydown', (e) => {
      const to = { ArrowLeft: i - 1, ArrowRight: i + 1, Home: 0, End: n - 1 }[e.key];
      if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); o.onPick(i); return; }
      if (to == null || to < 0 || to >= n) return;
      e.preventDefault();
      g.setAttribute('tabindex', '-1');
      cols[to].setAttribute('tabindex', '0');
      cols[to].focus();
    });
    root.append(g);
    return g;
  });

  box.append(root, readout, table(s, o, sc));
}

// table is the chart's figures as a table, each period a link to its
// search.
function table(s, o, sc) {
  const head = ['Period', 'Comments', 'Net sentiment', 'Change', 'Mean sentiment', sc.name, `${sc.name} n`, 'Change'];
  const tbody = el('tbody');
  for (const [i, p] of (s.points || []).entries()) {
    const period = el('th', { scope: 'row' }, o.link(i, bucketLabel(p.start, o.interval)));
    if (p.suppressed) {
      tbody.append(el('tr', { class: 'suppressed' }, period, el('td', { colspan: head.length - 1 }, 'suppressed: too few employee respondents to stay anonymous')));
      continue;
    }
    const chg = (f, d) => el('td', { class: 'n' + (f?.significant ? ' sig' : ''), title: f?.p != null ? `p = ${f.p.toPrecision(2)}` : null },
      f?.change == null ? '' : signed(f.change, d) + (f.significant ? ' *' : ''));
    const val = (f, d) => el('td', { class: 'n' + (f && f.value != null && f.n < o.minN ? ' few' : '') }, fmt(f?.value, d));
    tbody.append(el('tr', p.employees_left_out ? { class: 'left-out', title: 'employee comments left out: too few respondents to stay anonymous' } : {}, period,
      el('td', { class: 'n' }, p.n.toLocaleString() + (p.employees_left_out ? ' †' : '')),
      val(p.net_sentiment, 0), chg(p.net_sentiment, 0),
      val(p.sentiment, 2),
      val(p[o.metric], sc.digits), el('td', { class: 'n' }, p[o.metric]?.n ?? 0), chg(p[o.metric], sc.digits)));
  }
  const t = el('table', { class: 'figures' },
    el('thead', {}, el('tr', {}, head.map((h) => el('th', { scope: 'col' }, h)))), tbody);
  const d = el('details', { class: 'table-fallback' }, el('summary', {}, 'Table of figures'), t,
    el('p', { class: 'muted' }, `* significant change from the previous period (p < 0.05; tested only when both periods have at least ${o.minN} comments behind the figure). Greyed values rest on fewer than ${o.minN} comments. † employee comments left out: too few respondents to stay anonymous.`));
  return append(el('div'), d);
}

// legend explains the marks of the chart.
export function legend(metric, minN) {
  const sc = SCORES[metric] || SCORES.nps;
  const item = (cls, ...label) => el('li', { class: cls }, el('span', { class: 'key', 'aria-hidden': 'true' }), ...label);
  return el('ul', { class: 'legend-list', 'aria-label': 'Legend' },
    item('k-s', 'Net sentiment, left axis (circles)'),
    item('k-m', `${sc.name}, right axis (squares, dashed)${metric === 'nps' ? '' : metric === 'ces' ? ', 1–7, higher is easier' : ', 1–5'}`),
    item('k-few', `hollow: fewer than ${minN} comments`),
    item('k-sig', 'ringed: significant change'),
    item('k-supp', 'grey band: suppressed for anonymity'));
}
