import type { AdmittedCaller, ProxyContext } from './context.js';
import { driverOf, readHandoff } from './handoff-state.js';
import type { ProxyRefusal } from './types.js';

/**
 * Who may act on a live execution (`execution` is its digest, `owner` its binding's): one
 * device at a time. Its owner, unless it was handed to another device whose lease runs:
 * then that device alone, and the owner is refused (`drivenElsewhere`, which a flow reads
 * as "try again later"), reads included, so that nothing the two send can collide.
 */
export const admitDriver = async (
  context: ProxyContext,
  caller: AdmittedCaller,
  execution: string,
  owner: string,
): Promise<ProxyRefusal | undefined> => {
  const keeping = context.flows;
  const driver = keeping?.handoff
    ? driverOf(keeping, await readHandoff(keeping, execution))
    : undefined;
  if (driver === undefined) return owner === caller.owner ? undefined : 'foreignExecution';
  if (driver === caller.device) return undefined;
  return owner === caller.owner ? 'drivenElsewhere' : 'foreignExecution';
};

/**
 * Whether a caller the host names no customer for may go on (with `claimCustomers:
 * 'never'`): a device opening a handoff link, or one a flow was handed to. Such a caller
 * can act on that one execution only: every other is refused as another caller's.
 */
export const mayCallWithoutCustomer = async (
  context: ProxyContext,
  device: string,
  api: string | undefined,
): Promise<boolean> => {
  const keeping = context.flows;
  if (!keeping?.handoff) return false;
  if (api === 'handoff.redeem') return true;
  return (await keeping.store.read(`grant:${device}`)) !== undefined;
};
