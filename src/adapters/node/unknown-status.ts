import { FLOW_CODES } from '../../machine/flow-error.js';

export { DEFAULT_MAX_UNKNOWN_STATUS_MS } from '../../machine/deadlines.js';

/**
 * The code of a flow that stopped reading a status the guide does not list (or WAITING with
 * no node) after `maxUnknownStatusMs`: the chart's own stop, so a page stops so too.
 */
export const UNKNOWN_STATUS = FLOW_CODES.UNKNOWN_STATUS;
