/**
 * Run by `memory.ts` in a fresh `node --expose-gc` process: creates `count` live actors of
 * one kind, waits until every one sits where it should, and prints the heap they hold.
 * Usage: memory-child.ts <kyc-flow|xstate-floor> <count>
 */
import { createActor, createMachine } from 'xstate';
import { createKycFlow, type KycFlow } from '../src/machine/index.js';
import type { GatewayClient } from '../src/services/types.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

const heapAfterGc = async () => {
  for (let round = 0; round < 3; round++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return process.memoryUsage().heapUsed;
};

/**
 * One in-memory client shared by every flow, as one backend shares one gateway client: it
 * registers, starts, and answers every status read with the particulars node WAITING.
 */
function waitingAtParticulars(): GatewayClient {
  const refuse = () => Promise.reject(new Error('not used by the memory bench'));
  const state = (executionId: string) => ({
    executionId,
    status: 'WAITING' as const,
    currentNode: {
      nodeId: 'node-1',
      nodeType: 'flow_action_individual_particular',
      callbackKey: `kyc:particular:${executionId}:1`,
    },
  });
  let executions = 0;
  return {
    call: refuse,
    register: async (input) => ({ customerId: input.customerId ?? 'C_memory' }),
    startWorkflow: async () => ({ executionId: `exec-${++executions}`, status: 'CREATED' }),
    getExecution: async (input) => state(input.executionId),
    submitIdentityDocument: refuse,
    getOcrResult: refuse,
    submitParticulars: refuse,
    submitLiveness: refuse,
    sendOtp: refuse,
    verifyOtp: refuse,
    addRequiredDocument: refuse,
    submitRequiredDocuments: refuse,
    submitRequiredForm: refuse,
    upload: refuse,
  };
}

const toggle = createMachine({
  id: 'toggle',
  initial: 'off',
  states: { off: { on: { TOGGLE: 'on' } }, on: { on: { TOGGLE: 'off' } } },
});

const [kind = 'kyc-flow', countText = '10000'] = process.argv.slice(2);
const count = Number(countText);
const client = waitingAtParticulars();
const live: unknown[] = [];

// Warm up: the first actor of a kind builds shared structures that are not per flow.
if (kind === 'kyc-flow') {
  createKycFlow({ client, customer: { customerId: 'C_warm' } })
    .start()
    .stop();
} else {
  createActor(toggle).start().stop();
}

const before = await heapAfterGc();
if (kind === 'kyc-flow') {
  const flows: KycFlow[] = [];
  for (let index = 0; index < count; index++) {
    const flow = createKycFlow({
      client,
      customer: { customerId: `C_${index}`, email: `c${index}@example.com` },
    }).start();
    flow.send({ type: 'START' });
    flows.push(flow);
  }
  // Registered, started, and polled once: every flow waits for the host at particulars.
  const deadline = Date.now() + 60_000;
  while (flows.some((flow) => flow.getView().state !== 'tracking.particulars.awaitingInput')) {
    if (Date.now() > deadline) throw new Error('flows did not all reach particulars');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  live.push(...flows);
} else {
  for (let index = 0; index < count; index++) live.push(createActor(toggle).start());
}
const after = await heapAfterGc();

console.log(JSON.stringify({ kind, count: live.length, bytesPerActor: (after - before) / count }));
// Live flows keep their watch timers: end here rather than wait on them.
process.exit(0);
