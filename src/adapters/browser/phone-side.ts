import type { DriverLock } from './driving.js';
import { AGAIN_MS, HANDOFF_STEPS, handsBackAt } from './handoff-steps.js';
import { executionIdOf, keptSaves } from './kept-saves.js';
import { showElsewhere, takeLatest } from './kept-view.js';
import { endingOnRefusal } from './phone-refusals.js';
import { takeFlow } from './phone-take.js';
import { type ProxyPost, refusedWith } from './proxy-post.js';
import type { ServerParts, ServerSide } from './server-side.js';
import type { HandoffState } from './types.js';

/** The device speaks at least this often while it drives, to keep its lease. */
const BEAT_MS = 15_000;

/** The device a flow was handed to, at work. */
interface Phone {
  readonly parts: ServerParts;
  readonly post: ProxyPost;
  hooks: Parameters<DriverLock> | undefined;
  executionId: string | undefined;
  steps: readonly string[];
  timer: ReturnType<typeof setTimeout> | undefined;
  beatMs: number;
  over: boolean;
  tries: number;
}

const show = (phone: Phone, status: HandoffState['status']) =>
  phone.parts.holder.mark({ handoffState: { status } });

/** This device is done with the flow: it shows where it stopped and calls nothing more. */
const end = (phone: Phone, status: 'returned' | 'ended') => {
  if (phone.over) return;
  phone.over = true;
  clearTimeout(phone.timer);
  showElsewhere(phone.parts, undefined, { handoffState: { status } });
  phone.hooks?.[0]();
};

const endIfRefused = (phone: Phone) => (error: unknown) => {
  if (refusedWith(error)) end(phone, 'ended');
};

/** Tells the proxy this device still drives (its lease runs on); refused, it ends. */
const speak = (phone: Phone) =>
  phone
    .post('flow.save', { executionId: phone.executionId })
    .then(() => undefined, endIfRefused(phone));

/** Speaks every `beatMs` while it drives. */
const beat = (phone: Phone) => {
  phone.timer = setTimeout(async () => {
    await speak(phone);
    if (!phone.over) beat(phone);
  }, phone.beatMs);
};

/** Saves every step; hands the flow back once past the steps asked for, or done. */
const phoneSaves = (phone: Phone) => {
  const handBack = async () => {
    const { executionId } = phone;
    if (phone.over || executionId === undefined) return;
    await saves.flush();
    // Refused or not: its lease runs out by itself, and the first device carries on.
    await phone.post('handoff.return', { executionId }).catch(() => undefined);
    end(phone, 'returned');
  };
  const saves = keptSaves(async (flow) => {
    const { executionId } = phone;
    if (phone.over || executionId === undefined) return;
    const kept = await phone.post('flow.save', { executionId, snapshot: flow }).then(
      () => true,
      (error: unknown) => void endIfRefused(phone)(error),
    );
    if (kept && handsBackAt(phone.parts.holder.face.getView().step, phone.steps)) void handBack();
  });
  return { saves, handBack };
};

const begin = async (phone: Phone): Promise<void> => {
  phone.tries += 1;
  show(phone, 'opening');
  const { post, parts } = phone;
  const taken = await takeFlow(post, parts.key, parts.options.handoff, phone.tries > 1).catch(
    (error: unknown) => (refusedWith(error) ? null : undefined),
  );
  const { hooks } = phone;
  if (!hooks || phone.over) return;
  if (taken === undefined) {
    phone.timer = setTimeout(() => void begin(phone), AGAIN_MS);
    return;
  }
  if (!taken || taken.drivenElsewhere) return end(phone, 'ended');
  phone.executionId = executionIdOf(taken.snapshot);
  phone.steps = taken.steps ?? phone.steps;
  if (taken.leaseMs) phone.beatMs = Math.min(BEAT_MS, taken.leaseMs / 4);
  takeLatest(parts, taken.snapshot, { handoffState: { status: 'here' } });
  hooks[1]();
  beat(phone);
};

const notHere = async (): Promise<never> => {
  throw new TypeError('this device continues a flow handed to it: only the first device can');
};

/**
 * The device that continues a flow handed to it: it redeems the link (once; after a reload
 * it loads what it took), drives the flow, saves every step and speaks every quarter of its
 * lease, and hands the flow back once it is past the steps it was asked to take, or done.
 * Refused at any point (the first device took it back, the link was spent), it stops.
 */
export const phoneSide = (parts: ServerParts, post: ProxyPost): ServerSide => {
  const phone: Phone = {
    parts,
    post,
    hooks: undefined,
    executionId: undefined,
    steps: HANDOFF_STEPS,
    timer: undefined,
    beatMs: BEAT_MS,
    over: false,
    tries: 0,
  };
  const { saves, handBack } = phoneSaves(phone);
  parts.sent.fetch = endingOnRefusal(() => speak(phone), parts.options.fetch);
  return {
    lock(waiting, granted) {
      phone.hooks = [waiting, granted];
      void begin(phone);
      return () => {
        phone.hooks = undefined;
        clearTimeout(phone.timer);
      };
    },
    saved: {
      read: () => undefined,
      write: (flow) => saves.write(flow),
      // Done, or discarded here ("start over"): the first device has it back, and nothing
      // starts here meanwhile (this device stops driving at once).
      clear() {
        phone.hooks?.[0]();
        void handBack();
      },
    },
    handoff: notHere,
    takeBack: notHere,
  };
};
