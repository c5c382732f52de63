import { runChild } from './child-process.js';
import { round } from './statistics.js';

export interface MemoryResult {
  readonly flows: number;
  /** Heap per flow registered, started and waiting at the particulars node (after gc). */
  readonly bytesPerFlow: number;
  /** Heap per started actor of a bare two-state machine: XState's own floor. */
  readonly floorBytesPerActor: number;
  /** bytesPerFlow / floor. */
  readonly ratioToFloor: number;
  readonly note: string;
}

interface ChildResult {
  readonly count: number;
  readonly bytesPerActor: number;
}

/** Each kind in its own `node --expose-gc` process, so neither sees the other's garbage. */
export async function measureMemory(flows: number): Promise<MemoryResult> {
  const flowRun = await runChild<ChildResult>(
    './memory-child.ts',
    ['kyc-flow', String(flows)],
    ['--expose-gc'],
  );
  const floorRun = await runChild<ChildResult>(
    './memory-child.ts',
    ['xstate-floor', String(flows)],
    ['--expose-gc'],
  );
  return {
    flows: flowRun.count,
    bytesPerFlow: round(flowRun.bytesPerActor),
    floorBytesPerActor: round(floorRun.bytesPerActor),
    ratioToFloor: round(flowRun.bytesPerActor / floorRun.bytesPerActor, 2),
    note: 'one in-memory GatewayClient shared by all flows (the sandbox is not counted); each flow is createKycFlow + START, waiting at particulars with its status watch armed',
  };
}
