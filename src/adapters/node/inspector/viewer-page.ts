import type { ChartTreeNode } from '../../../machine/chart-tree.js';
import { VIEWER_SCRIPT } from './viewer-script.js';

const STYLE = `
:root { color-scheme: light dark; font: 14px/1.4 system-ui, sans-serif; }
body { margin: 0 auto; padding: 1rem; max-width: 80rem; }
header p { margin: .25rem 0; }
main { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 1.5rem; }
@media (max-width: 50rem) { main { grid-template-columns: 1fr; } }
h1 { font-size: 1.3rem; margin: 0; } h2 { font-size: 1rem; }
ul { list-style: none; margin: 0; padding: 0; }
.chart-root { display: flex; flex-wrap: wrap; gap: .4rem; }
.state { border: 1px solid #8888; border-radius: .5rem; padding: .2rem .45rem; margin: .2rem 0; }
.state ul { display: flex; flex-wrap: wrap; gap: .3rem; padding-left: .3rem; }
.state.final { border-style: double; border-width: 3px; }
.state-name.initial::before { content: "● "; font-size: .7em; vertical-align: middle; }
.state.visited { background: #8882; }
.state.active { border-color: #2f7de1; background: #2f7de12e; }
.state[aria-current] { outline: 2px solid #2f7de1; font-weight: 600; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .15rem .75rem; margin: 0; }
dt { font-weight: 600; } dd { margin: 0; overflow-wrap: anywhere; }
#log { padding: 0; list-style: none; font-size: .85rem; max-height: 60vh; overflow: auto; }
#log li { border-bottom: 1px solid #8883; padding: .2rem 0; overflow-wrap: anywhere; }
.event { font-weight: 600; } .after { color: #2f7de1; }
`;

/** JSON inside a `<script>` element: nothing in it may close the element. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

/**
 * The offline viewer: the chart's states with the active path lit, the flow's facts and
 * its redacted event log, fed by `/events`. One self-contained page: its style and script
 * are inline (allowed by `nonce` alone), so it draws with no network beyond this server.
 */
export function viewerPage(options: {
  readonly chart: ChartTreeNode;
  readonly nonce: string;
  readonly statelyPath: string;
}): string {
  const { chart, nonce, statelyPath } = options;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>kyc-flow inspector</title>
<style nonce="${nonce}">${STYLE}</style>
</head>
<body>
<header>
<h1>kyc-flow inspector</h1>
<p id="status" role="status">Connecting…</p>
<p id="hint" hidden></p>
<p>This page needs no internet: the chart and its events come from the run on this machine,
personal data redacted. <a href="${statelyPath}">Open the same run in the Stately inspector</a>
(its interface loads from stately.ai; the events stay here).</p>
</header>
<main>
<section aria-labelledby="chart-title">
<h2 id="chart-title">States: blue where the flow is, grey where it has been</h2>
<ul id="chart" class="chart-root" aria-label="States of the chart"></ul>
</section>
<section aria-labelledby="facts-title">
<h2 id="facts-title">Now</h2>
<dl id="facts"></dl>
<h2 id="log-title">Events, newest first</h2>
<ol id="log" aria-labelledby="log-title"></ol>
</section>
</main>
<script type="application/json" id="chart-data">${scriptJson(chart)}</script>
<script nonce="${nonce}">${VIEWER_SCRIPT}</script>
</body>
</html>
`;
}
