import { redact, redactText } from '../../../machine/index.js';
import { describeEvent, followingExecution } from './describe-event.js';
import { printable } from './printable.js';
import { formatElapsed, type Reporter, type TextOutput } from './reporter.js';

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const CLEAR_LINE = '\r\u001b[2K';

/**
 * For a terminal: milestones scroll by as lines, and one line at the bottom is redrawn in
 * place with the current state, the node being answered, the elapsed time and a spinner.
 */
export function createLiveReporter(output: TextOutput, startedAt = Date.now()): Reporter {
  let frame = 0;
  let state = 'starting';
  let activity = '';
  let answering: string | undefined;
  let execution: string | undefined;
  // What is shown may carry a gateway's text (a node type): it must not move the cursor
  // or break the line this reporter redraws (see `printable`).
  const draw = () => {
    const text = printable(
      `${SPINNER[frame % SPINNER.length]} ${formatElapsed(Date.now() - startedAt)}  ${state}${activity ? `  · ${activity}` : ''}`,
    );
    const width = output.columns || 100;
    output.write(`${CLEAR_LINE}${text.length > width - 1 ? `${text.slice(0, width - 2)}…` : text}`);
  };
  const print = (text: string) => {
    output.write(`${CLEAR_LINE}${printable(text)}\n`);
    draw();
  };
  const timer = setInterval(() => {
    frame += 1;
    draw();
  }, 100);
  // The spinner alone never keeps a finished run alive.
  timer.unref();
  draw();
  return {
    event(event) {
      if (event.type === 'state') {
        if (event.executionId !== undefined && event.executionId !== execution) {
          execution = event.executionId;
          print(followingExecution(execution));
        }
        state = event.state;
        if (event.step !== answering) activity = '';
        draw();
        return;
      }
      if (event.type === 'answering') {
        answering = event.kind;
        activity = `answering ${event.nodeType}`;
      }
      const text = describeEvent(redact(event));
      if (text !== undefined) print(text);
    },
    note: (text) => print(redactText(text)),
    close() {
      clearInterval(timer);
      output.write(CLEAR_LINE);
    },
  };
}
