import { lookNow } from './owner-looks.js';
import type { Owner } from './owner-stance.js';
import { DRIVEN_ELSEWHERE } from './proxy-post.js';

/** The status the proxy refuses a call on a flow another device drives with. */
const CONFLICT = 409;

/**
 * The fetch of the owner's flow. Once another device has taken the flow (its link was opened
 * between two looks), the proxy refuses this page's calls; seen by the flow, that refusal
 * would suspend it, and a host would hear of a failure, for the moment until the page
 * follows the other device. Such an answer is held instead: the page looks at once and hands
 * the answer on once the look is done. By then the page follows the other device (its flow
 * stopped, the answer reaches nobody), or the refusal meant something else and the flow
 * sees it as it is.
 */
export const holdingRefusals =
  (owner: Owner, given?: typeof globalThis.fetch): typeof globalThis.fetch =>
  async (input, init) => {
    const response = await (given ?? globalThis.fetch)(input, init);
    if (response.status !== CONFLICT || owner.stance === 'away') return response;
    const text = await response
      .clone()
      .text()
      .catch(() => '');
    if (text.includes(DRIVEN_ELSEWHERE)) await lookNow(owner);
    return response;
  };
