import type { InspectionEvent } from 'xstate';
import { redact } from '../../../machine/index.js';
import { InspectorError } from './inspector-error.js';

/** Hands the run's inspection events to the Stately feed. */
export type StatelyFeed = (event: InspectionEvent) => void;

const PACKAGE = '@statelyai/inspect';

const isMissing = (error: unknown): boolean => {
  const { code, message } = error as NodeJS.ErrnoException;
  return (
    (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') &&
    String(message).includes(PACKAGE)
  );
};

/**
 * Converts events the way the Stately inspector reads them (`@statelyai/inspect`, loaded
 * only here) and hands each one, redacted, as JSON text to `publish`. `undefined` when the
 * package is not installed and `required` is false; an `InspectorError` when it is required.
 */
export async function loadStatelyFeed(
  publish: (text: string) => void,
  required: boolean,
): Promise<StatelyFeed | undefined> {
  let module: typeof import('@statelyai/inspect');
  try {
    module = await import('@statelyai/inspect');
  } catch (error) {
    if (!isMissing(error)) throw error;
    if (!required) return undefined;
    throw new InspectorError(
      'INSPECTOR_PACKAGE_MISSING',
      `install ${PACKAGE} to use the Stately inspector (npm install ${PACKAGE}); the offline viewer (mode 'local') needs nothing`,
      { cause: error },
    );
  }
  const inspector = module.createInspector({
    send(event) {
      // The redacted copy has no cycle (`[circular]`) and no function left to trip JSON.
      publish(JSON.stringify(redact(event)));
    },
  });
  return (event) => inspector.inspect.next?.(event);
}
