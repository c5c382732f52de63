import { detachedClient } from '../../machine/actors/index.js';
import { createFlowOverClient } from '../../machine/flow-over-client.js';
import type { BrowserFlowOptions, BrowserFlowView } from '../browser/types.js';

/**
 * The view a server renders of the customer's flow: fresh and not started, since a server
 * has no browser storage to restore it from. Hydration must begin from exactly that, not
 * from what this browser saved, or React throws the server's page away. Built from the
 * chart alone, never started: a second browser flow would read storage, take the tab's
 * lock or open the handoff.
 */
export const serverViewOf = (options: Pick<BrowserFlowOptions, 'customer'>): BrowserFlowView =>
  createFlowOverClient({ customer: options.customer ?? {} }, detachedClient).getView();
