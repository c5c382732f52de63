/** Where the Stately inspector's interface lives. */
export const STATELY_INSPECTOR_URL = 'https://stately.ai/inspect';

/** The one origin the bridge talks to: a frame navigated elsewhere is told nothing. */
const STATELY_ORIGIN = new URL(STATELY_INSPECTOR_URL).origin;

/**
 * The bridge to the Stately inspector: its interface in a frame (loaded from stately.ai),
 * fed the run's redacted events from `eventsPath` once it says it is ready.
 */
export function statelyBridgePage(nonce: string, eventsPath: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>kyc-flow in the Stately inspector</title>
<style nonce="${nonce}">html, body, iframe { margin: 0; width: 100%; height: 100%; border: 0; }</style>
</head>
<body>
<iframe id="inspector" title="Stately inspector" src="${STATELY_INSPECTOR_URL}"></iframe>
<script nonce="${nonce}">
(() => {
  const frame = document.getElementById('inspector');
  const origin = ${JSON.stringify(STATELY_ORIGIN)};
  const waiting = [];
  let ready = false;
  window.addEventListener('message', (event) => {
    if (event.source !== frame.contentWindow || event.origin !== origin) return;
    if (event.data?.type !== '@statelyai.connected') return;
    ready = true;
    for (const data of waiting.splice(0)) frame.contentWindow.postMessage(data, origin);
  });
  const source = new EventSource(${JSON.stringify(eventsPath)});
  source.onmessage = (event) => {
    const data = JSON.parse(event.data);
    if (ready) frame.contentWindow.postMessage(data, origin);
    else waiting.push(data);
  };
  // A reconnect replays the run from its start; the inspector would show it twice.
  source.onerror = () => source.close();
})();
</script>
</body>
</html>
`;
}

/** What `/stately` says when `@statelyai/inspect` is not installed. */
export function statelyMissingPage(viewerPath: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Stately inspector not installed</title></head>
<body>
<h1>The Stately inspector is not installed</h1>
<p>Install <code>@statelyai/inspect</code> next to kyc-flow (<code>npm install @statelyai/inspect</code>)
and start the run again to watch it in the Stately inspector.</p>
<p><a href="${viewerPath}">The offline viewer</a> needs nothing more and shows this run now.</p>
</body>
</html>
`;
}
