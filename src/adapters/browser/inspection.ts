import type { InspectionEvent } from 'xstate';
import {
  type BrowserInspector,
  openLocalInspector,
  openStatelyInspector,
} from './stately-inspector.js';
import type { BrowserFlowOptions } from './types.js';

/** The `inspect` option at work: the hook the chart reports to, and the inspector it opens. */
export interface Inspection {
  readonly inspect: ((event: InspectionEvent) => void) | undefined;
  /** Opens the inspector the option names (loaded on demand), once. */
  open(): void;
  close(): void;
}

export const inspectionOf = (option: BrowserFlowOptions['inspect']): Inspection => {
  let inspector: BrowserInspector | undefined;
  const observe = typeof option === 'function' ? option : undefined;
  return {
    inspect: option
      ? (event) => {
          inspector?.inspect(event);
          observe?.(event);
        }
      : undefined,
    open() {
      if (option && !observe) {
        inspector ??= option === 'local' ? openLocalInspector() : openStatelyInspector();
      }
    },
    close() {
      inspector?.stop();
      inspector = undefined;
    },
  };
};
