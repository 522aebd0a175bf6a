// The Trends view (view=trends): for the filters of the search page, the
// sentiment and score lines per period (small multiples when grouped),
// the drivers of the chosen score, and the anomalies and emerging terms,
// from /api/v1/trends, /drivers and /anomalies. Everything that names a
// group or a period links to the search of the matching comments.
import { el, clear, append } from './render.js';
import { bucketLabel } from './chart.js';
import { drawLines, legend, fmt } from './linechart.js';
import { drawDrivers } from './drivers.js';

// MAX_GROUPS is how many groups get a small chart of their own.
const MAX_GROUPS = 12;

const $ = (id) => document.getElementById(id);

// trendsView returns the view; load(state) (re)draws it. deps: {api(path,
// opts), href(state), go(state), filterParams(state), addDays(date, n)}.
export function trendsView(deps) {
  let seq = 0;
  let ctrl = null;

  // nextStart is the first day of the period after the one starting on d.
  const nextStart = (d, interval) => {
    if (interval === 'day') return deps.addDays(d, 1);
    if (interval === 'week') return deps.addDays(d, 7);
    const t = new Date(d + 'T00:00:00Z');
    t.setUTCMonth(t.getUTCMonth() + (interval === 'quarter' ? 3 : 1));
    return t.toISOString().slice(0, 10);
  };

  // searchState is the search page for the comments of a group in a
  // period (from its first to its last day, inclusive as the page's
  // dates are).
  const searchState = (state, { by, group, start, interval, q, sentiment }) => {
    const s = { ...state, view: '', open: '', meta: [...state.meta] };
    if (start) { s.from = start; s.to = deps.addDays(nextStart(start, interval), -1); }
    if (group != null && group !== '') {
      if (by === 'meta.channel') s.channel = [group];
      else if (by?.startsWith('meta.')) s.meta = [...s.meta.filter(([k]) => k !== by), [by, group]];
      else if (by) s[by] = [group];
    }
    if (q) s.q = q;
    if (sentiment) s.sentiment = [sentiment];
    return s;
  };

  // link is an anchor to page state s that navigates in place on a plain
  // click (and opens a new tab on a middle or modified click).
  const link = (s, ...label) => {
    const a = document.createElement('a');
    a.href = deps.href(s); // built from our own parameters: a relative query
    append(a, ...label);
    a.addEventListener('click', (e) => {
      if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      e.preventDefault();
      deps.go(s);
    });
    return a;
  };

  const failed = (box, what, e) => {
    clear(box);
    box.append(el('p', { class: 'error' }, `Could not load the ${what}: ${e.message}`));
  };

  async function load(state) {
    const my = ++seq;
    if (ctrl) ctrl.abort();
    ctrl = new AbortController();
    const view = $('trends-view');
    view.dataset.state = 'loading';
    const interval = state.interval || 'week';
    const metric = state.metric || 'nps';
    const base = deps.filterParams(state);
    if (state.q) base.set('q', state.q);
    base.delete('sort');
    const withParams = (extra) => {
      const p = new URLSearchParams(base);
      for (const [k, v] of Object.entries(extra)) if (v) p.set(k, v);
      return p.toString();
    };
    const opts = { signal: ctrl.signal };
    const jobs = [
      deps.api('/api/v1/trends?' + withParams({ interval, by: state.by }), opts)
        .then((r) => { if (my === seq) showTrend(state, r, interval, metric); }, (e) => { if (my === seq && e.name !== 'AbortError') failed($('t-lines'), 'trends', e); throw e; }),
      deps.api('/api/v1/drivers?' + withParams({ metric }), opts)
        .then((r) => { if (my === seq) showDrivers(state, r); }, (e) => { if (my === seq && e.name !== 'AbortError') failed($('t-drivers'), 'drivers', e); throw e; }),
      deps.api('/api/v1/anomalies?' + withParams({ interval }), opts)
        .then((r) => { if (my === seq) showAnomalies(state, r); }, (e) => { if (my === seq && e.name !== 'AbortError') failed($('t-anomalies'), 'anomalies', e); throw e; }),
    ];
    const done = await Promise.allSettled(jobs);
    if (my !== seq) return;
    view.dataset.state = done.every((d) => d.status === 'fulfilled') ? 'ready' : 'error';
  }

  function showTrend(state, r, interval, metric) {
    const box = clear($('t-lines'));
    const minN = r.min_n || 30;
    const iv = r.interval || interval;
    const periods = r.periods || [];
    const last = periods.length ? bucketLabel(periods[periods.length - 1], iv) : '';
    $('trends-status').textContent = periods.length
      ? `${periods.length} ${iv === 'day' ? 'days' : iv + 's'} from ${bucketLabel(periods[0], iv)} to ${last} · ${r.overall.n.toLocaleString()} comments · ${Math.round(r.took_ms ?? 0)} ms`
      : 'No periods in this range.';
    box.append(legend(metric, minN));
    const chart = (s, title, by, compact) => {
      const fig = el('figure', { class: 'lines' + (compact ? ' small' : '') });
      const cap = el('figcaption', {});
      const all = searchState(state, { by, group: by ? s.group : null });
      cap.append(link(all, el('span', { class: 'ut' }, title)), el('span', { class: 'muted' }, ` · ${s.n.toLocaleString()} comments`));
      const plot = el('div', { class: 'plot' });
      fig.append(cap, plot);
      const periodState = (i) => searchState(state, { by, group: by ? s.group : null, start: s.points[i].start, interval: iv });
      drawLines(plot, s, {
        interval: iv, metric, minN, compact, title,
        onPick: (i) => deps.go(periodState(i)),
        link: (i, label) => link(periodState(i), label),
      });
      return fig;
    };
    box.append(chart(r.overall, 'All comments', '', false));
    const series = r.series || [];
    if (state.by && series.length) {
      const grid = el('div', { class: 'multiples', role: 'list', 'aria-label': `By ${state.by}` });
      for (const s of series.slice(0, MAX_GROUPS)) {
        const f = chart(s, r.labels?.[s.group] || s.group || '(none)', state.by, true);
        f.setAttribute('role', 'listitem');
        f.dataset.value = s.group;
        grid.append(f);
      }
      box.append(el('h4', {}, `By ${state.by.replace(/^meta\./, '')}, largest first`), grid);
      if (series.length > MAX_GROUPS) box.append(el('p', { class: 'muted' }, `${series.length - MAX_GROUPS} smaller groups are not drawn; narrow the filters to see them.`));
    } else if (state.by) {
      box.append(el('p', { class: 'muted' }, `No comment has a ${state.by} value in this range.`));
    }
  }

  function showDrivers(state, r) {
    const box = clear($('t-drivers'));
    const rep = (r.drivers || [])[0];
    if (!rep) { box.append(el('p', { class: 'muted' }, 'No driver report.')); return; }
    box.append(el('p', { class: 'muted' }, state.from || state.to
      ? `Comments ${state.from ? 'from ' + state.from : ''}${state.to ? ' to ' + state.to : ''}.`
      : 'All dates (set a date range on the left to narrow it).'));
    const inner = el('div');
    drawDrivers(inner, rep, {
      labels: r.labels,
      link: (tp, name) => link(searchState(state, { by: 'touchpoint', group: tp }), name),
    });
    box.append(inner);
  }

  function showAnomalies(state, r) {
    const box = clear($('t-anomalies'));
    const iv = r.interval;
    const periodName = bucketLabel(r.period, iv);
    box.append(el('p', { class: 'muted' }, `${periodName} against the ${r.baseline} ${iv === 'day' ? 'days' : iv + 's'} from ${bucketLabel(r.baseline_from, iv)}` +
      (r.suppressed ? ` · ${r.suppressed} touchpoint(s) not examined: too few employee respondents` : '')));
    const list = el('ul', { class: 'anomalies', id: 't-anomaly-list' });
    for (const a of r.anomalies || []) {
      const name = a.touchpoint ? (r.labels?.[a.touchpoint] || a.touchpoint) : 'All comments';
      const arrow = a.direction === 'up' ? '▲' : '▼';
      const what = a.metric === 'volume'
        ? `${a.value} comments against ${fmt(a.baseline, 1)} per period`
        : `net sentiment ${fmt(a.value, 0)} against ${fmt(a.baseline, 0)}`;
      const s = searchState(state, { by: 'touchpoint', group: a.touchpoint || null, start: r.period, interval: iv });
      list.append(el('li', { class: 'anomaly ' + a.direction, 'data-id': a.touchpoint, 'data-kind': a.metric },
        link(s, el('span', { class: 'ut' }, name), ` · ${a.metric === 'volume' ? 'volume' : 'net sentiment'} `, el('span', { 'aria-hidden': 'true' }, arrow + ' '), a.direction),
        el('span', { class: 'muted' }, ` ${what} (z ${fmt(a.z, 1)}, n ${a.n})`)));
    }
    box.append(el('h4', {}, 'Anomalies'),
      r.anomalies?.length ? list : el('p', { class: 'muted' }, `Nothing departs from the baseline in ${periodName}.`));

    const em = r.emerging;
    const terms = el('ol', { class: 'emerging', id: 't-emerging-list' });
    for (const t of em?.terms || []) {
      const q = /\s/.test(t.term) ? `"${t.term}"` : t.term;
      const s = searchState(state, { q, sentiment: 'negative', start: em.period, interval: iv });
      terms.append(el('li', { 'data-value': t.term },
        link(s, el('q', { class: 'ut' }, t.term)),
        el('span', { class: 'muted' }, ` in ${t.count} of ${em.negative} negative comments (${fmt(t.rate, 1)}%), ${fmt(t.baseline_rate, 1)}% before (G² ${fmt(t.g2, 1)})`)));
    }
    box.append(el('h4', {}, 'Emerging terms in negative comments'),
      em?.terms?.length ? terms : el('p', { class: 'muted' }, 'No term grew significantly in the negative comments.'));
  }

  return { load };
}
