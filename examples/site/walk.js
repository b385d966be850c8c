// The visitor's walk: the typed client's tracker, visitor inference and next step.
// (Plain JS, no build; the types are in plugin/src/client.ts.)
import {
  createArmPicker,
  createEventsSender,
  createJourneyClient,
  createVisitorTracker,
  pageSignals,
  isJourneyApiError,
} from '/journey-client.mjs';

const query = new URLSearchParams(location.search);
const apiUrl =
  query.get('api') ||
  document.querySelector('meta[name="journey-api"]').content ||
  'http://127.0.0.1:1337';
const requested = [];
const journey = createJourneyClient({
  baseUrl: apiUrl,
  // Shown on the page: edge mode's URLs carry no visitor data, server mode's do.
  fetch: (url, init) => (requested.push(url), fetch(url, init)),
});
const $ = (sel) => document.querySelector(sel);
const CONSENT_KEY = 'journey-example:consent';
const consent = $('#consent');
consent.checked = localStorage.getItem(CONSENT_KEY) === 'yes';
const tracker = createVisitorTracker({
  consent: () => consent.checked,
  key: 'journey-example:history',
});
// The running experiment's arm: drawn in this browser from a bucket kept only after consent
// (else one per page view); the recommend URL names the arm, so it stays cacheable.
const picker = createArmPicker({
  consent: () => consent.checked,
  key: 'journey-example:bucket',
});
const experiments = journey.experiments().catch(() => []);
// Reads are reported as clicks, with the arm that served them (aggregates only, after consent).
const events = createEventsSender({ baseUrl: apiUrl, consent: () => consent.checked });
let served = null; // meta of the answer on screen: its stage and experiment arm
// The campaign and referrer of the landing page, kept for the visit.
const signals = pageSignals();
let from = null; // the entry being read: the next step is asked after it
$('#api').textContent = apiUrl;

const mode = () => document.querySelector('input[name="mode"]:checked').value;
const typeLabel = (uid) => uid.replace(/^api::[^.]+\./, '').replace(/-/g, ' ');

const card = (item) => {
  const li = document.createElement('li');
  li.className = 'card';
  li.dataset.testid = 'card';
  li.dataset.stage = item.journey.stages[0] ?? '';
  const badges = document.createElement('div');
  badges.className = 'badges';
  for (const text of [typeLabel(item.contentType), item.journey.stages[0], item.journey.audience]) {
    const b = document.createElement('span');
    b.className = 'badge';
    b.textContent = text;
    badges.append(b);
  }
  const title = document.createElement('h2');
  title.textContent = item.title ?? item.documentId;
  const reason = document.createElement('p');
  reason.className = 'reason';
  reason.textContent = item.journey.reason;
  const read = document.createElement('button');
  read.type = 'button';
  read.textContent = 'Read';
  read.addEventListener('click', async () => {
    events.click(item.documentId, {
      stage: served?.stage,
      visitorStage: served?.visitor?.stage,
      ...(served?.experiment
        ? { experiment: served.experiment.id, arm: served.experiment.arm ?? undefined }
        : {}),
    });
    events.flush();
    const recorded = await tracker.record(item);
    from = {
      documentId: item.documentId,
      stages: item.journey.stages,
      audience: item.journey.audience,
      title: item.title,
    };
    $('#note').hidden = recorded;
    load();
  });
  li.append(badges, title, reason, read);
  return li;
};

const showHistory = () => {
  $('#history').replaceChildren(
    ...tracker.history().map((e) =>
      Object.assign(document.createElement('li'), {
        textContent: `${e.documentId} — ${e.stages.join(', ') || 'untagged'} (${e.audience})`,
      })
    )
  );
};

const load = async () => {
  const cards = $('#cards');
  cards.dataset.state = 'loading';
  const seen = tracker.history();
  const start = requested.length;
  try {
    const pick = await picker.armFor(await experiments, {});
    const { data, meta } = await journey.recommendForVisitor({
      mode: mode(),
      arm: pick?.arm,
      seen,
      signals,
      from: from ?? undefined,
      limit: 3,
      fields: ['title', 'summary'],
    });
    const v = meta.visitor;
    $('#visitor-stage').textContent =
      `${v.stage} (${v.phase}${v.audience ? `, ${v.audience}` : ''})`;
    $('#visitor-confidence').textContent = `confidence ${v.confidence}`;
    $('#visitor-reason').textContent = v.reason;
    $('#next-step').textContent = meta.from?.next
      ? `Next step after “${from?.title ?? meta.from.documentId}”: ${meta.stage} (${meta.phase})`
      : `Recommended for ${meta.stage} (${meta.phase})`;
    const urls = requested.slice(start).filter((u) => u.includes('/recommend'));
    $('#request').textContent = `Asked: ${urls.map((u) => u.replace(apiUrl, '')).join(' ')}`;
    served = meta;
    $('#experiment').textContent = meta.experiment
      ? `Experiment “${meta.experiment.id}”: this visitor's bucket drew the arm “${meta.experiment.arm}”`
      : '';
    cards.dataset.arm = meta.experiment?.arm ?? '';
    cards.replaceChildren(...data.map(card));
    cards.dataset.stage = meta.stage;
    cards.dataset.phase = meta.phase;
    cards.dataset.reads = String(seen.length);
    cards.dataset.mode = mode();
    cards.dataset.state = 'ready';
    $('#error').hidden = true;
  } catch (e) {
    cards.dataset.state = 'error';
    $('#error').hidden = false;
    $('#error').textContent = isJourneyApiError(e)
      ? `${e.status || 'No answer'} ${e.name}: ${e.message}`
      : String(e);
  }
  showHistory();
};

consent.addEventListener('change', () =>
  localStorage.setItem(CONSENT_KEY, consent.checked ? 'yes' : 'no')
);
document.querySelectorAll('input[name="mode"]').forEach((r) => r.addEventListener('change', load));
$('#forget').addEventListener('click', () => {
  tracker.forget();
  from = null;
  load();
});
load();
