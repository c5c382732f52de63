import { documentActions } from './documents.js';
import { executionActions } from './execution.js';
import { hostInputActions } from './host-input.js';
import { ocrActions } from './ocr.js';
import { otpActions } from './otp.js';
import { settle, tellOutcome } from './outcome.js';
import { troubleActions } from './trouble.js';

/**
 * Every action of the chart, by concept. They read the actor's answer (or error) from the
 * event themselves; static params only say what the config decides (the status a route
 * settles with, a refusal's code).
 */
export const flowActions = {
  ...executionActions,
  settle,
  tellOutcome,
  ...troubleActions,
  ...hostInputActions,
  ...ocrActions,
  ...otpActions,
  ...documentActions,
};
