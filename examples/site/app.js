// The example site's page script: the plugin's typed client, nothing else.
// (Plain JS so the page needs no build; the types are in plugin/src/client.ts.)
import { createJourneyClient, isJourneyApiError } from '/journey-client.mjs';

const query = new URLSearchParams(location.search);
// The app's preview (config/admin.ts) opens this page with ?preview=1&type=&documentId=&status=;
// the plugin's "Preview as a visitor at…" adds journeyStage and journeyAudience, which win over
// the page's own stage and audience parameters and stay in the URL as the visitor changes them.
const stageKey = query.has('journeyStage') ? 'journeyStage' : 'stage';
const audienceKey = query.has('journeyAudience') ? 'journeyAudience' : 'audience';
const preview =
  query.get('preview') === '1'
    ? { documentId: query.get('documentId'), status: query.get('status') }
    : null;
const apiUrl =
  query.get('api') ||
  document.querySelector('meta[name="journey-api"]').content ||
  'http://127.0.0.1:1337';
const journey = createJourneyClient({ baseUrl: apiUrl });

const $ = (sel) => document.querySelector(sel);
const form = $('#controls');
const stageSelect = $('#stage');
const limitSelect = $('#limit');
const cards = $('#cards');
const statusLine = $('#status');
const errorBox = $('#error');
const resetSeen = $('#reset-seen');
const previewLine = $('#preview');
$('#api').textContent = apiUrl;

/** @type {import('../../plugin/src/client').JourneyStagesResponse['data'] | null} */
let taxonomy = null;
let inFlight = null;
const SEEN_KEY = 'journey-example:seen';
const seen = new Set(JSON.parse(sessionStorage.getItem(SEEN_KEY) || '[]'));

const audience = () => form.elements.audience.value;
const typeLabel = (uid) => uid.replace(/^api::[^.]+\./, '').replace(/-/g, ' ');

const showError = (e) => {
  errorBox.hidden = false;
  errorBox.textContent = isJourneyApiError(e)
    ? `${e.status || 'No answer'} ${e.name}: ${e.message}${e.status === 0 ? ` — is the Strapi app running at ${apiUrl}?` : ''}`
    : String(e);
};

/** Fills the stage list with the stages of the frameworks for this audience (and those for both). */
const fillStages = (keep) => {
  const frameworks = taxonomy.frameworks.filter(
    (f) => f.audience === audience() || f.audience === 'both'
  );
  stageSelect.replaceChildren(
    ...frameworks.map((f) => {
      const group = document.createElement('optgroup');
      group.label = f.label;
      for (const s of f.stages) {
        const option = new Option(`${s.label} (${s.phase})`, s.id);
        option.title = s.description;
        group.append(option);
      }
      return group;
    })
  );
  const ids = frameworks.flatMap((f) => f.stages.map((s) => s.id));
  stageSelect.value = ids.includes(keep) ? keep : ids[0];
  stageSelect.disabled = false;
};

const card = (item) => {
  const li = document.createElement('li');
  li.className = 'card';
  li.dataset.testid = 'card';
  li.dataset.type = item.contentType;
  li.dataset.match = item.journey.match;
  if (preview && item.documentId === preview.documentId) li.classList.add('previewed');
  const badges = document.createElement('div');
  badges.className = 'badges';
  for (const [text, cls] of [
    [typeLabel(item.contentType), 'type'],
    [item.journey.match, `match-${item.journey.match}`],
    [item.journey.audience, 'audience'],
  ]) {
    const b = document.createElement('span');
    b.className = `badge ${cls}`;
    b.textContent = text;
    badges.append(b);
  }
  const title = document.createElement('h2');
  title.textContent = item.title ?? item.documentId;
  const summary = document.createElement('p');
  summary.textContent = item.summary ?? '';
  const reason = document.createElement('p');
  reason.className = 'reason';
  reason.textContent = item.journey.reason;
  const seenButton = document.createElement('button');
  seenButton.type = 'button';
  seenButton.textContent = 'Mark as seen';
  seenButton.addEventListener('click', () => {
    seen.add(item.documentId);
    sessionStorage.setItem(SEEN_KEY, JSON.stringify([...seen]));
    load();
  });
  li.append(badges, title, summary, reason, seenButton);
  return li;
};

/** In preview mode: who the page is showing, and where the previewed entry is among what they are served. */
const showPreview = (meta, data) => {
  const stage = taxonomy.frameworks.flatMap((f) => f.stages).find((s) => s.id === meta.stage);
  const rank = data.findIndex((item) => item.documentId === preview.documentId);
  const where =
    rank >= 0
      ? `The entry you are previewing is #${rank + 1} here.`
      : 'The entry you are previewing is not among them.';
  const draft =
    preview.status === 'draft' ? ' Visitors are only ever served published entries.' : '';
  previewLine.hidden = false;
  previewLine.textContent = `Preview: what a ${meta.audience.toUpperCase()} visitor at ${stage?.label ?? meta.stage} (${meta.phase} phase) is served, best first, each with the reason. ${where}${draft}`;
};

/** Asks for the recommendations of the current choice and shows them. */
const load = async () => {
  const stage = stageSelect.value;
  const params = {
    stage,
    audience: audience(),
    limit: Number(limitSelect.value),
    exclude: [...seen],
    fields: ['title', 'summary'],
  };
  const key = `${stage}|${params.audience}|${params.limit}|${seen.size}`;
  history.replaceState(
    null,
    '',
    `?${new URLSearchParams({ ...Object.fromEntries(query), [audienceKey]: params.audience, [stageKey]: stage })}`
  );
  resetSeen.hidden = seen.size === 0;
  inFlight?.abort();
  const controller = (inFlight = new AbortController());
  cards.dataset.state = 'loading';
  statusLine.textContent = 'Loading…';
  try {
    const { data, meta } = await journey.recommend(params, { signal: controller.signal });
    errorBox.hidden = true;
    cards.replaceChildren(...data.map(card));
    statusLine.textContent =
      `${meta.count} for ${meta.stage} (${meta.phase} phase, ${meta.audience})` +
      (meta.fallback
        ? ' — not enough exact matches, widened to the phase and its neighbours'
        : '') +
      (data.length === 0 ? '. Nothing tagged for this stage yet.' : '');
    if (preview) showPreview(meta, data);
    cards.dataset.query = key;
    cards.dataset.state = 'ready';
  } catch (e) {
    if (e?.name === 'AbortError') return;
    cards.replaceChildren();
    cards.dataset.state = 'error';
    statusLine.textContent = '';
    showError(e);
  }
};

form.addEventListener('change', (event) => {
  if (event.target.name === 'audience') fillStages(stageSelect.value);
  load();
});
resetSeen.addEventListener('click', () => {
  seen.clear();
  sessionStorage.removeItem(SEEN_KEY);
  load();
});

try {
  taxonomy = (await journey.stages()).data;
  const wanted = query.get(audienceKey);
  if (wanted === 'b2b' || wanted === 'b2c') form.elements.audience.value = wanted;
  fillStages(query.get(stageKey));
  await load();
} catch (e) {
  stageSelect.replaceChildren(new Option('No stages', ''));
  cards.dataset.state = 'error';
  showError(e);
}
