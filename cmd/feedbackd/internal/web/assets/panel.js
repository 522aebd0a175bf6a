// The comment panel: the whole text with its evidence highlighted from
// the API's byte offsets, and why the comment was tagged (each
// touchpoint's rules and matched terms, each sentiment term with its
// weight and modifiers).
import { el, clear, highlight, formatDate } from './render.js';
import { sentimentBadge, scoresLine } from './hit.js';

const num = (x, d = 2) => (typeof x === 'number' ? (x > 0 ? '+' : '') + x.toFixed(d) : '');

// spansOf returns the highlight spans of a comment: touchpoint evidence
// and sentiment evidence (and the query matches of the hit, if any).
function spansOf(touchpoints, sentEvidence, matches) {
  const spans = [];
  for (const m of matches || []) spans.push({ start: m.start, end: m.end, cls: 'q', title: 'matches the query' });
  for (const tp of touchpoints || []) {
    for (const ev of tp.evidence || []) {
      if (ev.end > ev.start) spans.push({ start: ev.start, end: ev.end, cls: 'ev tp', title: `touchpoint ${tp.label || tp.id}: ${ev.rule || 'rule'}` });
    }
  }
  for (const ev of sentEvidence || []) {
    if (!(ev.end > ev.start)) continue;
    const w = ev.weight ?? ev.valence ?? 0;
    spans.push({ start: ev.start, end: ev.end, cls: 'ev ' + (w < 0 ? 'neg' : 'pos'), title: `sentiment ${w < 0 ? 'negative' : 'positive'}, weight ${num(w)}` });
  }
  return spans;
}

function labelOf(s) { return typeof s === 'string' ? s : s?.label; }
function scoreOf(s) { return typeof s === 'object' && s ? s.score : undefined; }

// renderComment fills body with the comment c (from /api/v1/comments/{id})
// or, when that failed, with what the hit h has.
export function renderComment(body, c, h) {
  clear(body);
  const tags = c?.tags || {};
  const text = c?.text ?? h?.text ?? '';
  const touchpoints = tags.touchpoints || h?.touchpoints || [];
  const sentiment = tags.sentiment || h?.sentiment || {};
  const explanation = c?.explanation || {};
  const sentEvidence = explanation.evidence || sentiment.evidence || h?.sentiment?.evidence || [];
  const src = c || h || {};

  const facts = el('dl', { class: 'facts' });
  const fact = (k, v) => { if (v != null && v !== '') facts.append(el('dt', {}, k), el('dd', { class: 'ut' }, v)); };
  fact('Id', src.id);
  fact('Created', formatDate(src.created_at, true));
  fact('Source', src.source);
  fact('Audience', src.audience);
  fact('Scores', scoresLine(src.scores));
  for (const [k, v] of Object.entries(src.meta || {})) fact(k, v);
  if (src.redacted?.length) fact('Redacted', src.redacted.join(', '));

  const textBox = el('div', { class: 'fulltext ut', dir: 'auto', id: 'panel-text' });
  highlight(textBox, text, spansOf(touchpoints, sentEvidence, h?.matches));

  body.append(
    el('p', { class: 'panel-sentiment' }, sentimentBadge(sentiment.label, sentiment.score)),
    facts,
    textBox,
    el('p', { class: 'legend', 'aria-label': 'Highlight legend' },
      el('mark', { class: 'ev tp' }, 'touchpoint rule'), ' ',
      el('mark', { class: 'ev pos' }, 'positive term'), ' ',
      el('mark', { class: 'ev neg' }, 'negative term'), ' ',
      el('mark', { class: 'q' }, 'query match'), ' — hover a mark for its reason'),
  );

  const why = el('section', { class: 'why', 'aria-labelledby': 'why-h' }, el('h3', { id: 'why-h' }, 'Why it was tagged'));
  if (touchpoints.length === 0) why.append(el('p', { class: 'muted' }, 'No touchpoint rule matched: the comment is untagged.'));
  for (const tp of touchpoints) {
    const rules = el('ul', { class: 'rules' });
    for (const ev of tp.evidence || []) {
      const li = el('li', {}, el('code', { class: 'ut' }, ev.rule || 'rule'));
      if (ev.term) li.append(' matched ', el('q', { class: 'term ut' }, ev.term), el('span', { class: 'muted' }, ` bytes ${ev.start}–${ev.end}`));
      rules.append(li);
    }
    if (!tp.evidence?.length) rules.append(el('li', { class: 'muted' }, 'no recorded rule'));
    const from = tp.sentiment_from ? el('span', { class: 'muted' }, ` sentiment read from the ${tp.sentiment_from}`) : null;
    why.append(el('div', { class: 'tp-why', 'data-id': tp.id },
      el('h4', {}, el('span', { class: 'ut' }, tp.label || tp.id), ' ', el('code', { class: 'muted ut' }, tp.id), ' ',
        sentimentBadge(labelOf(tp.sentiment), scoreOf(tp.sentiment) ?? tp.score), from),
      rules));
  }
  body.append(why);

  const sent = el('section', { class: 'why', 'aria-labelledby': 'sent-h' },
    el('h3', { id: 'sent-h' }, 'Sentiment terms'));
  if (sentEvidence.length === 0) {
    sent.append(el('p', { class: 'muted' }, 'No sentiment-bearing words or rules.'));
  } else {
    const tbody = el('tbody');
    for (const ev of sentEvidence) {
      const w = ev.weight ?? 0;
      tbody.append(el('tr', { class: w < 0 ? 'neg' : 'pos' },
        el('td', { class: 'ut' }, ev.term ?? ''),
        el('td', { class: 'ut' }, [ev.source, ev.rule].filter(Boolean).join(': ')),
        el('td', { class: 'n' }, num(ev.valence)),
        el('td', { class: 'n' }, el('span', { class: 'sign' }, w < 0 ? '▼ ' : '▲ '), num(w)),
        el('td', { class: 'ut' }, (ev.modifiers || []).join(', ') || '—')));
    }
    sent.append(el('table', { class: 'terms' },
      el('thead', {}, el('tr', {}, ['Term', 'Source', 'Valence', 'Weight', 'Modifiers'].map((t) => el('th', { scope: 'col' }, t)))),
      tbody));
  }
  body.append(sent);

  const v = c?.versions;
  const tv = v?.stored?.taxonomy || h?.taxonomy_version;
  if (tv || explanation.source) {
    const p = el('p', { class: 'muted versions' }, `Taxonomy ${tv || '?'}, lexicon ${v?.stored?.lexicon || h?.lexicon_version || '?'}`);
    if (explanation.source === 'recomputed') p.append('; explanation recomputed with the current engine');
    if (v?.stale) p.append(el('strong', {}, ` — tagged with older rules (current taxonomy ${v.current?.taxonomy}); run feedbackd retag`));
    body.append(p);
  }
}
