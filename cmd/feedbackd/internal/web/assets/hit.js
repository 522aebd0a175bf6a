// One search result: sentiment badge, date and source, the fragments with
// the query terms marked, and the touchpoint chips.
import { el, fragment, formatDate } from './render.js';

const SYMBOL = { positive: '▲', negative: '▼', neutral: '●', mixed: '◆' };

// sentimentBadge is a label with a symbol and its score: the colour is
// never the only cue.
export function sentimentBadge(label, score) {
  const l = label || 'unknown';
  const known = SYMBOL[l] ? l : 'unknown';
  const s = typeof score === 'number' ? ` ${score > 0 ? '+' : ''}${score.toFixed(2)}` : '';
  return el('span', { class: `badge s-${known}`, title: `sentiment ${l}${s}` },
    el('span', { 'aria-hidden': 'true' }, (SYMBOL[l] || '?') + ' '), l, el('span', { class: 'score' }, s));
}

// scoresLine is "NPS 2 · CSAT 4" for the scores a comment has.
export function scoresLine(scores) {
  const parts = [];
  for (const k of ['nps', 'csat', 'ces']) {
    if (scores && scores[k] != null) parts.push(`${k.toUpperCase()} ${scores[k]}`);
  }
  return parts.join(' · ');
}

// touchpointChip is a touchpoint's label with its aspect sentiment symbol.
export function touchpointChip(tp) {
  const l = typeof tp.sentiment === 'string' ? tp.sentiment : tp.sentiment?.label;
  const terms = (tp.evidence || []).map((e) => e.term).filter(Boolean);
  const title = `${tp.id}${l ? ', ' + l : ''}${terms.length ? ': ' + terms.join(', ') : ''}`;
  return el('li', { class: `chip s-${SYMBOL[l] ? l : 'unknown'}`, title },
    el('span', { 'aria-hidden': 'true' }, (SYMBOL[l] || '') + ' '),
    el('span', { class: 'ut' }, tp.label || tp.id),
    l ? el('span', { class: 'visually-hidden' }, `, ${l}`) : null);
}

// renderHit returns the list item of hit h; open(h, item) opens it.
export function renderHit(h, open) {
  const frags = el('p', { class: 'frag ut', dir: 'auto' });
  const fs = h.fragments?.length ? h.fragments : [{ html: null, text: h.text }];
  fs.forEach((f, i) => {
    if (i > 0) frags.append(el('span', { class: 'sep', 'aria-hidden': 'true' }, ' … '));
    if (f.html != null) fragment(frags, f.html);
    else frags.append(f.text ?? '');
  });
  const channel = h.meta?.channel;
  const when = el('time', { datetime: h.created_at }, formatDate(h.created_at));
  const head = el('div', { class: 'hit-head' },
    sentimentBadge(h.sentiment?.label, h.sentiment?.score),
    when,
    el('span', { class: 'src ut' }, h.source || ''),
    h.audience ? el('span', { class: 'aud ut' }, h.audience) : null,
    channel ? el('span', { class: 'chan ut' }, channel) : null,
    scoresLine(h.scores) ? el('span', { class: 'scores' }, scoresLine(h.scores)) : null);
  const chips = el('ul', { class: 'chips', 'aria-label': 'Touchpoints' });
  for (const tp of h.touchpoints || []) chips.append(touchpointChip(tp));
  if (!h.touchpoints?.length) chips.append(el('li', { class: 'chip untagged' }, 'untagged'));

  const item = el('li', { class: 'hit', tabindex: 0, 'data-id': h.id, title: 'Open (Enter): why it was tagged' },
    head, frags, chips);
  item.addEventListener('click', () => open(h, item));
  item.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); open(h, item); }
  });
  return item;
}
