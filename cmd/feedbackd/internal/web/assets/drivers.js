// The driver chart of the Trends view: per touchpoint, a horizontal bar
// of its impact on the score (the overall score minus the score without
// its comments) with the 95% bootstrap interval as whiskers, worst first
// as the API ranks them; touchpoints with too few scored comments or
// suppressed for anonymity are listed as such, without a bar. Each
// touchpoint links to the search of its comments.
import { el, clear } from './render.js';
import { svg } from './chart.js';
import { SCORES, fmt } from './linechart.js';

// niceMax rounds m up to a round number (1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8
// times a power of ten).
function niceMax(m) {
  if (!(m > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(m));
  return [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].map((k) => k * p).find((v) => v >= m);
}

function signed(v, d) {
  const s = fmt(v, d);
  return v > 0 && s !== '0' && Number(s) !== 0 ? '+' + s : s;
}

// drawDrivers fills box with report ({metric, score, n, correlation,
// drivers, suppressed}). o: {labels, link(touchpoint, text)}.
export function drawDrivers(box, report, o) {
  clear(box);
  const sc = SCORES[report.metric] || SCORES.nps;
  const d = report.metric === 'nps' ? 1 : 2;
  if (report.suppressed) {
    box.append(el('p', { class: 'muted', 'data-kind': 'suppressed' }, `${sc.name}: suppressed: the scored comments are from too few employee respondents to stay anonymous.`));
    return;
  }
  const c = report.correlation || {};
  const corr = c.suppressed ? 'suppressed for anonymity'
    : c.rho == null ? `not enough comments with both a sentiment and ${sc.name} (n ${c.n ?? 0})`
      : `Spearman ρ ${fmt(c.rho, 2)} (n ${c.n})`;
  box.append(el('p', { class: 'driver-summary' },
    el('strong', {}, `${sc.name} ${fmt(report.score, d)}`), ` over ${report.n} scored comment${report.n === 1 ? '' : 's'}`,
    el('span', { class: 'sep', 'aria-hidden': 'true' }, ' · '),
    `How well sentiment tracks ${sc.name}: `, el('span', { class: 'rho' }, corr)));
  const drivers = report.drivers || [];
  if (!drivers.length) {
    box.append(el('p', { class: 'muted' }, `No touchpoint has comments with ${sc.name}.`));
    return;
  }

  const shown = drivers.filter((x) => x.impact != null);
  const M = niceMax(Math.max(...shown.flatMap((x) => [x.impact, x.ci_low, x.ci_high]).filter((v) => v != null).map(Math.abs), 0));
  const W = 360, H = 22, pad = 8;
  const xOf = (v) => pad + ((Math.max(-M, Math.min(M, v)) + M) / (2 * M)) * (W - 2 * pad);
  const axis = svg('svg', { viewBox: `0 0 ${W} 18`, class: 'driver-axis', 'aria-hidden': 'true' },
    svg('text', { x: pad, y: 12, class: 'tick', 'text-anchor': 'start' }, `${fmt(-M, 0)} pulls down`),
    svg('text', { x: W / 2, y: 12, class: 'tick', 'text-anchor': 'middle' }, '0'),
    svg('text', { x: W - pad, y: 12, class: 'tick', 'text-anchor': 'end' }, `lifts +${fmt(M, 0)}`));
  const list = el('ol', { class: 'drivers', 'aria-label': `Touchpoints by impact on ${sc.name}, worst first` });
  list.append(el('li', { class: 'driver head', 'aria-hidden': 'true' },
    el('span', {}, 'Touchpoint'), axis, el('span', { class: 'n' }, 'Impact (95% CI)'), el('span', { class: 'n' }, 'n · share')));

  for (const dr of drivers) {
    const name = o.labels?.[dr.touchpoint] || dr.touchpoint;
    const a = o.link(dr.touchpoint, name);
    a.classList.add('ut');
    a.title = `${dr.touchpoint}: search its comments`;
    const kind = dr.suppressed ? 'suppressed' : dr.too_few ? 'too-few' : dr.impact < 0 ? 'neg' : 'pos';
    const li = el('li', { class: 'driver ' + kind, 'data-id': dr.touchpoint, 'data-kind': kind });
    if (dr.suppressed) {
      li.append(a, el('span', { class: 'muted bar-note' }, 'suppressed: too few employee respondents'), el('span'), el('span'));
      list.append(li);
      continue;
    }
    const volume = el('span', { class: 'n' }, `${dr.n} · ${fmt(dr.share, 0)}%`);
    if (dr.too_few || dr.impact == null) {
      li.append(a, el('span', { class: 'muted bar-note' }, `too few scored comments (n ${dr.n})`), el('span'), volume);
      list.append(li);
      continue;
    }
    const what = `impact ${signed(dr.impact, d)} ${sc.name} points, 95% interval ${fmt(dr.ci_low, d)} to ${fmt(dr.ci_high, d)}; ` +
      `${sc.name} ${fmt(dr.score_with, d)} with its comments, ${fmt(dr.score_without, d)} without`;
    const x0 = xOf(0), x1 = xOf(dr.impact);
    const bar = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'driver-bar', role: 'img', 'aria-label': what },
      svg('title', {}, what),
      svg('line', { x1: x0, x2: x0, y1: 0, y2: H, class: 'zero' }),
      svg('rect', { x: Math.min(x0, x1), y: 5, width: Math.max(1, Math.abs(x1 - x0)), height: H - 10, class: 'bar ' + kind }));
    if (dr.ci_low != null && dr.ci_high != null) {
      const lo = xOf(dr.ci_low), hi = xOf(dr.ci_high);
      bar.append(svg('line', { x1: lo, x2: hi, y1: H / 2, y2: H / 2, class: 'whisker' }),
        svg('line', { x1: lo, x2: lo, y1: 6, y2: H - 6, class: 'whisker' }),
        svg('line', { x1: hi, x2: hi, y1: 6, y2: H - 6, class: 'whisker' }));
    }
    bar.addEventListener('click', () => a.click());
    li.append(a, bar,
      el('span', { class: 'n' }, `${signed(dr.impact, d)} `, el('span', { class: 'muted' }, `(${fmt(dr.ci_low, d)} to ${fmt(dr.ci_high, d)})`)),
      volume);
    list.append(li);
  }
  box.append(list, el('p', { class: 'muted note' },
    `Impact: ${sc.name} of all scored comments minus ${sc.name} without the touchpoint's comments, in ${report.metric === 'nps' ? 'points' : 'score units'}; ` +
    'bars to the left pull the score down. Whiskers: 95% bootstrap interval; one that crosses 0 is not a clear effect.'));
}
