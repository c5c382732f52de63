/**
 * The offline viewer's script, inlined in its page (no file to serve, nothing fetched):
 * draws the chart from the JSON in `#chart-data`, then follows `/events`, lighting the
 * active path and listing the events. Plain ES2020 for any current browser. A reconnect
 * replays the run from its start, so the page starts over on every `open`.
 */
export const VIEWER_SCRIPT = `
(() => {
  const $ = (id) => document.getElementById(id);
  const chart = JSON.parse($('chart-data').textContent);
  const boxes = new Map();
  const visited = new Set();
  let lastEntry;

  const draw = (node, parent) => {
    const box = document.createElement('li');
    box.className = 'state ' + (node.children.length ? 'compound' : 'leaf') + (node.final ? ' final' : '');
    box.dataset.path = node.path;
    const name = document.createElement('span');
    name.className = 'state-name' + (node.initial ? ' initial' : '');
    name.textContent = node.key;
    box.append(name);
    if (node.children.length) {
      const list = document.createElement('ul');
      for (const child of node.children) draw(child, list);
      box.append(list);
    }
    parent.append(box);
    boxes.set(node.path, box);
  };
  for (const child of chart.children) draw(child, $('chart'));

  const light = (paths) => {
    const lit = new Set();
    for (const path of paths) {
      const parts = path.split('.');
      for (let end = 1; end <= parts.length; end += 1) lit.add(parts.slice(0, end).join('.'));
    }
    for (const [path, box] of boxes) {
      box.classList.toggle('active', lit.has(path));
      box.classList.toggle('visited', !lit.has(path) && visited.has(path));
      if (paths.includes(path)) box.setAttribute('aria-current', 'true');
      else box.removeAttribute('aria-current');
    }
    for (const path of lit) visited.add(path);
  };

  const time = (at) => new Date(at).toLocaleTimeString();
  const showFacts = (message) => {
    const facts = $('facts');
    facts.replaceChildren();
    const rows = [['state', message.paths.join(', ')], ['status', message.status]];
    for (const [key, value] of Object.entries(message.facts)) {
      rows.push([key, typeof value === 'string' ? value : JSON.stringify(value)]);
    }
    for (const [key, value] of rows) {
      const term = document.createElement('dt');
      term.textContent = key;
      const detail = document.createElement('dd');
      detail.textContent = value;
      facts.append(term, detail);
    }
  };
  const addEvent = (message) => {
    const entry = document.createElement('li');
    const head = document.createElement('span');
    head.className = 'event';
    head.textContent = time(message.at) + '  ' + message.event;
    const detail = document.createElement('code');
    detail.textContent = message.detail;
    entry.append(head, ' ', detail);
    $('log').prepend(entry);
    while ($('log').children.length > 500) $('log').lastElementChild.remove();
    lastEntry = entry;
  };
  const onState = (message) => {
    light(message.paths);
    showFacts(message);
    if (lastEntry && !lastEntry.querySelector('.after')) {
      const after = document.createElement('span');
      after.className = 'after';
      after.textContent = '→ ' + message.paths.join(', ');
      lastEntry.append(' ', after);
    }
    const outcome = message.facts.outcome || {};
    $('status').textContent = message.status === 'done'
      ? 'The flow has ended: ' + [outcome.status, outcome.decision].filter(Boolean).join(', ') + '.'
      : message.status === 'stopped'
        ? 'The run has stopped with the flow in ' + message.paths.join(', ') + ': nothing more is sent.'
        : 'Live: the flow is in ' + message.paths.join(', ') + '.';
  };

  // The chart shows where the run stopped; its host says why (the CLI's outcome and exit code).
  const onEnd = (message) => {
    const code = message.code === undefined ? '' : ' (exit ' + message.code + ')';
    $('status').textContent += ' The run has ended' + code + ': ' + message.outcome;
    $('hint').textContent = message.hint || '';
    $('hint').hidden = !message.hint;
  };

  const source = new EventSource('/events');
  source.onopen = () => {
    visited.clear();
    lastEntry = undefined;
    $('log').replaceChildren();
    $('hint').hidden = true;
    $('status').textContent = 'Connected: waiting for the flow to start.';
  };
  source.onerror = () => {
    $('status').textContent = 'Disconnected: the run has stopped (or is restarting); retrying.';
  };
  source.onmessage = (event) => {
    const message = JSON.parse(event.data);
    if (message.type === 'state') onState(message);
    else if (message.type === 'event') addEvent(message);
    else if (message.type === 'end') onEnd(message);
  };
})();
`;
