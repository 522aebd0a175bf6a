// The search page and its Trends view: the view state lives in the URL
// (copy the link to share the view; back and forward work), every change
// runs a search against /api/v1/search (and, on the Trends view, the
// report endpoints through trends.js), and the results, facets and charts
// are rebuilt with DOM calls from render.js (comment text is only ever
// text).
import { el, clear, text } from './render.js';
import { renderHit, sentimentBadge } from './hit.js';
import { renderComment } from './panel.js';
import { drawTrend } from './chart.js';
import { trendsView } from './trends.js';

const KINDS = ['touchpoint', 'sentiment', 'source', 'audience', 'channel'];
const API_NAME = { channel: 'meta.channel' }; // page parameter → API parameter
const PAGE_SIZE = 20;
const TOKEN_KEY = 'feedbackd.token';
const $ = (id) => document.getElementById(id);

// ---- state and URL ----

function readState() {
  const p = new URLSearchParams(location.search);
  const s = { q: p.get('q') || '', sort: p.get('sort') || '', from: p.get('from') || '', to: p.get('to') || '', open: p.get('open') || '' };
  for (const k of KINDS) s[k] = p.getAll(k);
  // metadata filters other than channel pass through as meta.<field>
  s.meta = [...p].filter(([k]) => k.startsWith('meta.') && k.length > 5 && API_NAME.channel !== k);
  for (const k of VIEW_KEYS) s[k] = p.get(k) || '';
  if (s.view !== 'trends') s.view = '';
  return s;
}

// VIEW_KEYS are the parameters of the Trends view (view=trends).
const VIEW_KEYS = ['view', 'interval', 'by', 'metric'];

function pageParams(s) {
  const p = new URLSearchParams();
  if (s.q) p.set('q', s.q);
  for (const k of KINDS) for (const v of s[k]) p.append(k, v);
  for (const [k, v] of s.meta) p.append(k, v);
  for (const k of ['from', 'to', 'sort', 'open', ...VIEW_KEYS]) if (s[k]) p.set(k, s[k]);
  return p;
}

// href is the page link of state s: a relative query built from our own
// parameters.
function href(s) {
  const qs = pageParams(s).toString();
  return qs ? '?' + qs : location.pathname;
}

// addDays returns the YYYY-MM-DD n days after date d (YYYY-MM-DD).
function addDays(d, n) {
  const t = new Date(d + 'T00:00:00Z');
  t.setUTCDate(t.getUTCDate() + n);
  return t.toISOString().slice(0, 10);
}

function today() {
  const t = new Date();
  return new Date(t.getTime() - t.getTimezoneOffset() * 60000).toISOString().slice(0, 10);
}

// interval picks the histogram bucket for the date range shown.
function interval(s) {
  const from = s.from ? Date.parse(s.from) : NaN;
  const to = s.to ? Date.parse(s.to) : Date.now();
  if (Number.isNaN(from)) return 'week';
  const days = (to - from) / 86400000;
  return days <= 62 ? 'day' : days <= 400 ? 'week' : 'month';
}

// filterParams are the API filters of s (the page's "to" is inclusive,
// the API's exclusive).
function filterParams(s) {
  const p = new URLSearchParams();
  for (const k of KINDS) for (const v of s[k]) p.append(API_NAME[k] || k, v);
  for (const [k, v] of s.meta || []) p.append(k, v);
  if (s.from) p.set('from', s.from);
  if (s.to) p.set('to', addDays(s.to, 1));
  if (s.sort) p.set('sort', s.sort);
  return p;
}

let state = readState();

function go(next, { replace = false, search = true } = {}) {
  state = next;
  const url = href(state);
  if (url !== location.search && !(url === location.pathname && !location.search)) {
    if (replace) history.replaceState(null, '', url); else history.pushState(null, '', url);
  }
  if (search) runSearch(); else syncPanel();
}

// ---- API ----

function token() { return sessionStorage.getItem(TOKEN_KEY) || ''; }

class APIError extends Error {
  constructor(status, msg) { super(msg); this.status = status; }
}

async function api(path, opts = {}) {
  const headers = { Accept: 'application/json', ...(opts.headers || {}) };
  const t = token();
  if (t) headers.Authorization = 'Bearer ' + t;
  const resp = await fetch(path, { ...opts, headers, credentials: 'omit', cache: 'no-store' });
  let body = null;
  if (resp.status !== 204) {
    try { body = await resp.json(); } catch { body = null; }
  }
  if (!resp.ok) {
    if (t !== token()) throw new APIError(resp.status, 'retrying with the new token'); // a request sent before the token was given
    if (resp.status === 401) askToken(t ? 'The daemon refused this token. Paste another one.' : 'This daemon asks for an API token.');
    if (resp.status === 403) askToken('This token may not do that (it needs a role with more rights).', true);
    throw new APIError(resp.status, body?.error || `${resp.status} ${resp.statusText}`);
  }
  return body;
}

function showError(msg) {
  const box = $('error');
  box.hidden = !msg;
  clear(box);
  if (msg) text(box, msg);
}

// ---- search ----

let seq = 0;
let ctrl = null;
let current = { hits: [], next: '', dates: [], interval: '' };

async function runSearch(more = false) {
  syncForm();
  syncView();
  const my = ++seq;
  if (ctrl) ctrl.abort();
  ctrl = new AbortController();
  document.body.dataset.state = 'loading';
  const onTrends = state.view === 'trends';
  if (onTrends) trends.load(state); // the facets and the total still come from the search
  const p = filterParams(state);
  if (state.q) p.set('q', state.q);
  p.set('size', onTrends ? '0' : String(PAGE_SIZE));
  if (more) p.set('after', current.next);
  else p.set('interval', interval(state));
  try {
    const r = await api('/api/v1/search?' + p.toString(), { signal: ctrl.signal });
    if (my !== seq) return;
    showError('');
    if (onTrends) {
      renderFacets(r.facets || {});
      $('status').textContent = `${r.total.toLocaleString()} comment${r.total === 1 ? '' : 's'} match the filters`;
      document.body.dataset.state = 'ready';
      return;
    }
    if (more) {
      current.hits.push(...(r.hits || []));
      current.next = r.next || '';
      for (const h of r.hits || []) $('results').append(renderHit(h, openHit));
    } else {
      current = { hits: r.hits || [], next: r.next || '', dates: r.dates || [], interval: r.interval || interval(state) };
      renderResults(r);
      renderFacets(r.facets || {});
      drawTrend($('trend'), current.dates, current.interval, pickBucket);
    }
    $('more').hidden = !current.next;
    $('status').textContent = `${r.total.toLocaleString()} comment${r.total === 1 ? '' : 's'} · ${Math.round(r.took_ms ?? 0)} ms` +
      (current.hits.length < r.total ? ` · showing ${current.hits.length}` : '') +
      (r.hidden_employee_comments ? ` · ${r.hidden_employee_comments} employee comment(s) hidden: too few to keep anonymous` : '');
    document.body.dataset.state = 'ready';
    if (!more) syncPanel();
  } catch (e) {
    if (e.name === 'AbortError' || my !== seq) return;
    document.body.dataset.state = 'error';
    $('status').textContent = 'Search failed.';
    showError(e.message);
  }
}

function renderResults(r) {
  const list = clear($('results'));
  for (const h of r.hits || []) list.append(renderHit(h, openHit));
  if (!r.hits?.length) list.append(el('li', { class: 'empty' }, 'No comments match. Remove a filter or broaden the query.'));
}

// ---- facets ----

function toggle(kind, value) {
  const vals = state[kind].includes(value) ? state[kind].filter((v) => v !== value) : [...state[kind], value];
  go({ ...state, [kind]: vals, open: '' });
}

function facetButton(kind, term, label, count) {
  const on = state[kind].includes(term);
  const b = el('button', { type: 'button', class: 'facet-btn', 'aria-pressed': on ? 'true' : 'false', 'data-kind': kind, 'data-value': term },
    kind === 'sentiment' ? sentimentBadge(term) : el('span', { class: 'name ut' }, label),
    el('span', { class: 'count', 'aria-label': `${count} comments` }, count == null ? '' : count.toLocaleString()));
  b.addEventListener('click', () => toggle(kind, term));
  return b;
}

function renderFacets(f) {
  for (const kind of KINDS.slice(1)) {
    const list = clear($('f-' + kind));
    const terms = [...(f[kind] || [])];
    for (const v of state[kind]) if (!terms.some((t) => t.term === v)) terms.push({ term: v, count: 0 });
    for (const t of terms) list.append(el('li', {}, facetButton(kind, t.term, t.label || t.term, t.count)));
    if (!terms.length) list.append(el('li', { class: 'muted' }, 'none'));
  }
  renderTree(f.touchpoint || []);
  renderActive();
}

// renderTree draws the touchpoint facet as a tree from the ids'
// hierarchy ("billing/refunds" sits under "billing").
function renderTree(terms) {
  const nodes = new Map();
  const all = [...terms];
  for (const v of state.touchpoint) if (!all.some((t) => t.term === v)) all.push({ term: v, count: 0 });
  for (const t of all) nodes.set(t.term, { ...t, kids: [] });
  const roots = [];
  for (const n of nodes.values()) {
    const i = n.term.lastIndexOf('/');
    const parent = i > 0 ? nodes.get(n.term.slice(0, i)) : null;
    (parent ? parent.kids : roots).push(n);
  }
  const byCount = (a, b) => b.count - a.count || a.term.localeCompare(b.term);
  const draw = (list, level) => {
    const ul = el('ul', { role: level === 1 ? null : 'group', class: level === 1 ? 'tree' : 'subtree' });
    for (const n of list.sort(byCount)) {
      const short = n.term.slice(n.term.lastIndexOf('/') + 1);
      const li = el('li', { 'aria-level': level }, facetButton('touchpoint', n.term, n.label || short, n.count));
      li.firstChild.setAttribute('title', n.term);
      if (n.kids.length) li.append(draw(n.kids, level + 1));
      ul.append(li);
    }
    return ul;
  };
  const box = $('f-touchpoint');
  box.replaceWith(Object.assign(draw(roots, 1), { id: 'f-touchpoint' }));
  if (!roots.length) $('f-touchpoint').append(el('li', { class: 'muted' }, 'none'));
}

function renderActive() {
  const list = clear($('active'));
  const add = (kind, value, label) => {
    const b = el('button', { type: 'button', class: 'remove', 'aria-label': `Remove filter ${kind} ${value}` }, `${kind}: `, el('span', { class: 'ut' }, label), ' ×');
    b.addEventListener('click', () => {
      if (kind === 'from' || kind === 'to') go({ ...state, [kind]: '' });
      else if (kind.startsWith('meta.')) go({ ...state, meta: state.meta.filter(([k, v]) => k !== kind || v !== value) });
      else toggle(kind, value);
    });
    list.append(el('li', {}, b));
  };
  for (const k of KINDS) for (const v of state[k]) add(k, v, v);
  for (const [k, v] of state.meta) add(k, v, v);
  if (state.from) add('from', state.from, state.from);
  if (state.to) add('to', state.to, state.to);
  $('active-section').hidden = list.childElementCount === 0;
}

function pickBucket(i) {
  const d = current.dates;
  const from = String(d[i].start).slice(0, 10);
  let next = d[i + 1] ? String(d[i + 1].start).slice(0, 10) : null;
  if (!next) {
    const iv = current.interval;
    next = iv === 'day' ? addDays(from, 1) : iv === 'week' ? addDays(from, 7)
      : (() => { const t = new Date(from + 'T00:00:00Z'); t.setUTCMonth(t.getUTCMonth() + 1); return t.toISOString().slice(0, 10); })();
  }
  go({ ...state, from, to: addDays(next, -1), open: '' });
}

// ---- comment panel ----

let opener = null;

function openHit(h, item) {
  opener = item;
  go({ ...state, open: h.id }, { search: false });
}

let panelFor = '';

async function syncPanel() {
  const panel = $('panel');
  if (!state.open) {
    if (!panel.hidden) {
      panel.hidden = true;
      panelFor = '';
      document.body.classList.remove('with-panel');
      if (opener && document.contains(opener)) opener.focus();
    }
    return;
  }
  if (panelFor === state.open && !panel.hidden) return;
  panelFor = state.open;
  const id = state.open;
  const hit = current.hits.find((h) => h.id === id);
  for (const li of document.querySelectorAll('.hit[aria-current]')) li.removeAttribute('aria-current');
  document.querySelector(`.hit[data-id="${CSS.escape(id)}"]`)?.setAttribute('aria-current', 'true');
  panel.hidden = false;
  panel.dataset.state = 'loading';
  document.body.classList.add('with-panel');
  const h2 = clear($('panel-h'));
  text(h2, 'Comment ');
  h2.append(el('span', { class: 'ut' }, id));
  const body = clear($('panel-body'));
  body.append(el('p', { class: 'muted' }, 'Loading…'));
  panel.focus();
  let c = null;
  try {
    c = await api('/api/v1/comments/' + encodeURIComponent(id));
  } catch (e) {
    if (panelFor !== id) return;
    if (!hit) { clear(body); body.append(el('p', { class: 'error' }, e.message)); panel.dataset.state = 'error'; return; }
  }
  if (panelFor !== id) return;
  renderComment(body, c, hit);
  panel.dataset.state = 'ready';
}

function closePanel() {
  if (state.open) go({ ...state, open: '' }, { search: false });
}

// ---- saved searches ----

async function loadSaved() {
  const list = clear($('saved'));
  let r;
  try {
    r = await api('/api/v1/searches');
  } catch (e) {
    list.append(el('li', { class: 'muted' }, e.status === 404 ? 'Saved searches are not available.' : e.message));
    return;
  }
  const all = r?.searches || [];
  if (!all.length) list.append(el('li', { class: 'muted' }, 'None yet.'));
  for (const s of all) {
    const f = s.filters || {};
    const st = { ...state, q: s.q || '', sort: f.sort?.[0] || '', from: f.from?.[0] || '', to: f.to?.[0] ? addDays(f.to[0].slice(0, 10), -1) : '', open: '' };
    for (const k of KINDS) st[k] = f[API_NAME[k] || k] || [];
    st.meta = Object.entries(f).filter(([k]) => k.startsWith('meta.') && k !== API_NAME.channel).flatMap(([k, vs]) => vs.map((v) => [k, v]));
    const a = document.createElement('a');
    a.href = href(st); // built from our own parameters, always a relative query
    a.className = 'ut';
    text(a, s.name);
    a.addEventListener('click', (e) => { e.preventDefault(); go(st); });
    list.append(el('li', {}, a, s.created_by ? el('span', { class: 'muted' }, ` by ${s.created_by}`) : null));
  }
}

async function save(name) {
  const filters = {};
  for (const [k, v] of filterParams(state)) (filters[k] ||= []).push(v);
  try {
    await api('/api/v1/searches', {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name, q: state.q, filters }),
    });
    $('save-name').value = '';
    $('status').textContent = `Saved “${name}”.`;
    showError('');
    loadSaved();
  } catch (e) {
    showError('Could not save the search: ' + e.message);
  }
}

// ---- token ----

function askToken(why, keep) {
  const f = $('token-form');
  $('token-why').textContent = why + ' It is kept in this tab only (sessionStorage), never in the link.';
  f.hidden = false;
  $('token-button').setAttribute('aria-expanded', 'true');
  if (!keep) $('token').focus();
}

// ---- views ----

const trends = trendsView({ api, href, go: (s) => go(s), filterParams, addDays });

// syncView shows the view of the state and points the tabs at the other
// view with the same filters.
function syncView() {
  const onTrends = state.view === 'trends';
  $('search-view').hidden = onTrends;
  $('trends-view').hidden = !onTrends;
  document.title = onTrends ? 'feedbackd · trends' : 'feedbackd · search';
  $('tab-search').href = href({ ...state, view: '', open: '' });
  $('tab-trends').href = href({ ...state, view: 'trends', open: '' });
  if (onTrends) $('tab-trends').setAttribute('aria-current', 'page'); else $('tab-trends').removeAttribute('aria-current');
  if (onTrends) $('tab-search').removeAttribute('aria-current'); else $('tab-search').setAttribute('aria-current', 'page');
  if (onTrends && !$('panel').hidden) { $('panel').hidden = true; panelFor = ''; document.body.classList.remove('with-panel'); }
  $('t-interval').value = state.interval || 'week';
  const by = $('t-by');
  if (state.by && ![...by.options].some((o) => o.value === state.by)) by.append(el('option', { value: state.by }, state.by));
  by.value = state.by;
  $('t-metric').value = state.metric || 'nps';
}

// ---- wiring ----

function syncForm() {
  if (document.activeElement !== $('q')) $('q').value = state.q;
  $('sort').value = state.sort;
  $('from').value = state.from;
  $('to').value = state.to;
}

function wire() {
  $('search').addEventListener('submit', (e) => {
    e.preventDefault();
    go({ ...state, q: $('q').value.trim(), sort: $('sort').value, open: '' });
  });
  $('sort').addEventListener('change', () => go({ ...state, sort: $('sort').value }));
  for (const id of ['from', 'to']) $(id).addEventListener('change', () => go({ ...state, [id]: $(id).value, open: '' }));
  for (const b of document.querySelectorAll('.quick button')) {
    b.addEventListener('click', () => {
      const days = Number(b.dataset.days);
      go({ ...state, from: days ? addDays(today(), -days + 1) : '', to: '', open: '' });
    });
  }
  $('clear').addEventListener('click', () => go({ ...state, touchpoint: [], sentiment: [], source: [], audience: [], channel: [], meta: [], from: '', to: '', open: '' }));
  for (const [id, view] of [['tab-search', ''], ['tab-trends', 'trends']]) {
    $(id).addEventListener('click', (e) => {
      if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return; // a new tab or window follows the link
      e.preventDefault();
      if (state.view !== view) go({ ...state, view, open: '' });
    });
  }
  for (const [id, key] of [['t-interval', 'interval'], ['t-by', 'by'], ['t-metric', 'metric']]) {
    $(id).addEventListener('change', () => go({ ...state, [key]: $(id).value }));
  }
  $('more').addEventListener('click', () => runSearch(true));
  $('panel-close').addEventListener('click', closePanel);
  $('save').addEventListener('submit', (e) => { e.preventDefault(); const n = $('save-name').value.trim(); if (n) save(n); });
  $('copy-link').addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(location.href);
      $('status').textContent = 'Link copied.';
    } catch {
      window.prompt('Copy this link:', location.href);
    }
  });
  $('token-button').addEventListener('click', () => {
    const f = $('token-form');
    f.hidden = !f.hidden;
    $('token-button').setAttribute('aria-expanded', String(!f.hidden));
    if (!f.hidden) $('token').focus();
  });
  $('token-form').addEventListener('submit', (e) => {
    e.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, $('token').value.trim());
    $('token').value = '';
    $('token-form').hidden = true;
    $('token-button').setAttribute('aria-expanded', 'false');
    runSearch();
    loadSaved();
  });
  $('token-forget').addEventListener('click', () => { sessionStorage.removeItem(TOKEN_KEY); $('token').value = ''; });
  window.addEventListener('popstate', () => {
    const prev = pageParams({ ...state, open: '' }).toString();
    state = readState();
    if (pageParams({ ...state, open: '' }).toString() === prev) syncPanel(); else runSearch();
  });
  document.addEventListener('keydown', (e) => {
    const typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement?.tagName);
    if (e.key === '/' && !typing) { e.preventDefault(); $('q').focus(); $('q').select(); }
    if (e.key === 'Escape' && !$('panel').hidden && state.view !== 'trends') { e.preventDefault(); closePanel(); }
  });
}

wire();
syncForm();
syncView();
runSearch();
loadSaved();
