/// <reference lib="dom" />
// The local Slack's page, run by the browser as it is (types stripped by the server, nothing bundled).
// Message bodies arrive as HTML the server built with every outside string escaped; everything this
// script writes itself goes in as text.

interface EntryView {
  id: string;
  version: number;
  place: 'channel' | 'thread' | 'attachment' | 'home';
  ts: string;
  parent?: string;
  ephemeral: boolean;
  author: 'app' | 'you';
  notes: string[];
  at: number;
  html: string;
}

const messages = document.querySelector<HTMLElement>('#messages')!;
const homeView = document.querySelector<HTMLElement>('#home-view')!;
const status = document.querySelector<HTMLElement>('#status')!;
const drawn = new Map<string, { element: HTMLElement; version: number }>();

const post = (path: string, body: unknown) =>
  fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

function element(tag: string, className: string, text?: string): HTMLElement {
  const made = document.createElement(tag);
  made.className = className;
  if (text !== undefined) made.textContent = text;
  return made;
}

function draw(entry: EntryView): void {
  const known = drawn.get(entry.id);
  if (known && known.version >= entry.version) return;
  if (entry.place === 'home') {
    homeView.innerHTML = `<div class="content">${entry.html}</div>`;
    homeView.dataset.entry = entry.id;
    showDates(homeView);
    drawn.set(entry.id, { element: homeView, version: entry.version });
    return;
  }
  // A reader at the bottom of the channel stays there as messages arrive and grow, as in Slack.
  const atBottom = messages.scrollHeight - messages.scrollTop - messages.clientHeight < 40;
  const article = known?.element ?? frame(entry);
  const content = article.querySelector<HTMLElement>(':scope > .main > .content')!;
  content.innerHTML = entry.html;
  showDates(content);
  drawn.set(entry.id, { element: article, version: entry.version });
  if (atBottom) messages.scrollTop = messages.scrollHeight;
}

/** A message's frame: who, when, notes, and room for its previews and thread, placed where it belongs. */
function frame(entry: EntryView): HTMLElement {
  const article = element('article', `message ${entry.author}${entry.ephemeral ? ' ephemeral' : ''}`);
  article.dataset.entry = entry.id;
  article.dataset.ts = entry.ts;
  const main = element('div', 'main');
  const meta = element('div', 'meta');
  meta.append(element('span', 'author', entry.author === 'you' ? 'local.user' : 'Polytomic'));
  if (entry.author === 'app') meta.append(element('span', 'app', 'APP'));
  meta.append(
    element('span', 'sent', new Date(entry.at).toLocaleTimeString([], { hour: 'numeric', minute: '2-digit' })),
  );
  for (const note of entry.notes) meta.append(element('span', 'note', note));
  main.append(meta, element('div', 'content'), element('div', 'attachments'), element('div', 'replies'));
  article.append(element('div', 'avatar', entry.author === 'you' ? 'L' : 'P'), main);
  const parent =
    entry.place === 'thread'
      ? messages.querySelector(`article[data-ts="${CSS.escape(entry.parent ?? '')}"] > .main > .replies`)
      : entry.place === 'attachment'
        ? messages.querySelector(`article[data-entry="${CSS.escape(entry.parent ?? '')}"] > .main > .attachments`)
        : null;
  (parent ?? messages).append(article);
  return article;
}

// Slack's date tokens, shown in this browser's time zone as Slack shows each reader their own.
const DAY = 86_400_000;
function formatDate(date: Date, format: string): string {
  const pretty = (fallback: string) => {
    const days = Math.round((startOfDay(date) - startOfDay(new Date())) / DAY);
    return days === 0 ? 'today' : days === -1 ? 'yesterday' : days === 1 ? 'tomorrow' : fallback;
  };
  const long = date.toLocaleDateString([], { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' });
  const plain = date.toLocaleDateString([], { year: 'numeric', month: 'long', day: 'numeric' });
  const short = date.toLocaleDateString([], { year: 'numeric', month: 'short', day: 'numeric' });
  const tokens: Record<string, () => string> = {
    date_num: () => date.toLocaleDateString('en-CA'),
    date: () => plain,
    date_short: () => short,
    date_long: () => long,
    date_pretty: () => pretty(plain),
    date_short_pretty: () => pretty(short),
    date_long_pretty: () => pretty(long),
    time: () => date.toLocaleTimeString([], { hour: 'numeric', minute: '2-digit' }),
    time_secs: () => date.toLocaleTimeString([], { hour: 'numeric', minute: '2-digit', second: '2-digit' }),
    ago: () => ago(date),
  };
  return format.replace(/\{(\w+)\}/g, (token, name: string) => tokens[name]?.() ?? token);
}

const startOfDay = (date: Date) => new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();

function ago(date: Date): string {
  const minutes = Math.round((Date.now() - date.getTime()) / 60_000);
  const say = new Intl.RelativeTimeFormat([], { numeric: 'auto' });
  if (Math.abs(minutes) < 60) return say.format(-minutes, 'minute');
  if (Math.abs(minutes) < 1440) return say.format(-Math.round(minutes / 60), 'hour');
  return say.format(-Math.round(minutes / 1440), 'day');
}

function showDates(root: HTMLElement): void {
  for (const time of root.querySelectorAll<HTMLTimeElement>('time[data-ts]')) {
    const date = new Date(Number(time.dataset.ts) * 1000);
    time.dateTime = date.toISOString();
    time.title = date.toString();
    time.textContent = formatDate(date, time.dataset.format ?? '{date_short_pretty} {time}');
  }
}

/** A control pressed or a menu option picked: after its confirm dialog, if it has one, the server sends it. */
async function press(control: HTMLButtonElement | HTMLSelectElement): Promise<void> {
  const option = control instanceof HTMLSelectElement ? control.value : undefined;
  if (control instanceof HTMLSelectElement) control.selectedIndex = 0;
  const dialog = control.parentElement?.querySelector<HTMLDialogElement>(':scope > dialog.confirm');
  if (dialog) {
    dialog.returnValue = '';
    dialog.showModal();
    await new Promise((resolve) => dialog.addEventListener('close', resolve, { once: true }));
    if (dialog.returnValue !== 'confirm') return;
  }
  const url = control.dataset.url;
  if (url) window.open(url, '_blank', 'noopener');
  const holder = control.closest<HTMLElement>('[data-entry]');
  await post('/_local/press', {
    entry: holder?.dataset.entry,
    block: control.dataset.block,
    element: control.dataset.element,
    ...(option === undefined ? {} : { option }),
  });
}

document.addEventListener('click', (event) => {
  const control = (event.target as HTMLElement).closest<HTMLButtonElement>('button[data-block]');
  if (control) void press(control);
  // The simulator's permalinks (`…/archives/C0LOCAL/p1700000000000001`) lead to the message on this page.
  const permalink = (event.target as HTMLElement)
    .closest('a')
    ?.href.match(/^https:\/\/local\.slack\.test\/archives\/\w+\/p(\d+)(\d{6})$/);
  const linked = permalink && messages.querySelector(`article[data-ts="${permalink[1]}.${permalink[2]}"]`);
  if (linked) {
    event.preventDefault();
    linked.scrollIntoView({ block: 'center' });
    linked.classList.add('linked');
  }
});
document.addEventListener('change', (event) => {
  const control = (event.target as HTMLElement).closest<HTMLSelectElement>('select[data-block]');
  if (control?.value) void press(control);
});

document.querySelector<HTMLFormElement>('#composer')!.addEventListener('submit', (event) => {
  event.preventDefault();
  const input = document.querySelector<HTMLInputElement>('#message')!;
  const text = input.value;
  input.value = '';
  void post('/_local/send', { text });
});

for (const tab of document.querySelectorAll<HTMLButtonElement>('.tab')) {
  tab.addEventListener('click', () => {
    for (const other of document.querySelectorAll('.tab')) other.removeAttribute('aria-current');
    tab.setAttribute('aria-current', 'page');
    const home = tab.dataset.tab === 'home';
    document.querySelector<HTMLElement>('#channel')!.hidden = home;
    document.querySelector<HTMLElement>('#home')!.hidden = !home;
    if (home) void post('/_local/home', {});
  });
}

const stream = new EventSource('/_local/stream');
stream.addEventListener('open', () => {
  status.textContent = 'connected';
});
stream.addEventListener('error', () => {
  status.textContent = 'reconnecting…';
});
stream.addEventListener('reset', () => {
  messages.replaceChildren();
  homeView.replaceChildren();
  drawn.clear();
});
stream.addEventListener('entry', (event) => draw(JSON.parse((event as MessageEvent<string>).data) as EntryView));
stream.addEventListener('remove', (event) => {
  const { id } = JSON.parse((event as MessageEvent<string>).data) as { id: string };
  drawn.get(id)?.element.remove();
  drawn.delete(id);
});

export {};
