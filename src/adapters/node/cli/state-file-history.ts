import type { FlowContext } from '../../../machine/index.js';

/**
 * What a saved flow did last, read from its context: enough to tell whether the next run
 * sends anything again, and what. Types, keys and times only, nothing personal.
 */
export interface SavedHistory {
  /** The node the flow was at, also while it is suspended or needs attention. */
  readonly atNode?: {
    readonly nodeType: string;
    readonly nodeId?: string;
    readonly callbackKey: string;
  };
  /** The answer the flow holds for a node, and whether the gateway took it (apiCode 200). */
  readonly held?: {
    readonly answer: string;
    readonly callbackKey: string;
    readonly taken: boolean;
  };
  /** Nodes whose answer the gateway took. */
  readonly answered: number;
  readonly lastAnswerAt?: string;
  readonly lastStatusReadAt?: string;
  readonly suspendedAt?: string;
  /** One-time codes at the node: sent, and the attempts the gateway said were left. */
  readonly otp?: {
    readonly channel: string;
    readonly sends: number;
    readonly remainingAttempts?: number;
    /** Codes the gateway turned down for the latest one sent (their prints are kept). */
    readonly refused: number;
  };
}

const iso = (time: number | undefined) =>
  time === undefined || !Number.isFinite(time) ? undefined : new Date(time).toISOString();

/** The history a snapshot's context keeps. */
export function savedHistory(context: FlowContext): SavedHistory {
  const { node, submission, timing, otp } = context;
  const times = {
    lastAnswerAt: iso(timing.lastSubmitAt),
    lastStatusReadAt: iso(timing.lastPollAt),
    suspendedAt: iso(timing.suspendedAt),
  };
  return {
    ...(node && {
      atNode: {
        nodeType: node.nodeType,
        ...(node.nodeId === undefined ? {} : { nodeId: node.nodeId }),
        callbackKey: node.callbackKey,
      },
    }),
    ...(submission && {
      held: {
        answer: submission.event.type,
        callbackKey: submission.callbackKey,
        taken: context.answered.includes(submission.callbackKey),
      },
    }),
    answered: context.answered.length,
    ...Object.fromEntries(Object.entries(times).filter(([, time]) => time !== undefined)),
    ...(otp &&
      otp.callbackKey === node?.callbackKey && {
        otp: {
          channel: otp.channel,
          sends: otp.sends,
          ...(otp.remainingAttempts === undefined
            ? {}
            : { remainingAttempts: otp.remainingAttempts }),
          refused: otp.refused?.length ?? 0,
        },
      }),
  };
}

/** The lines `kyc-flow show` prints of it (`nodeShown`: the view already named the node). */
export function describeHistory(history: SavedHistory, nodeShown: boolean): string[] {
  const lines: string[] = [];
  const { atNode, held, otp } = history;
  if (atNode && !nodeShown) {
    const id = atNode.nodeId ? ` ${atNode.nodeId}` : '';
    lines.push(`  at node   ${atNode.nodeType}${id}, callbackKey ${atNode.callbackKey}`);
  }
  if (held) {
    lines.push(
      held.taken
        ? `  answer    ${held.answer} for ${held.callbackKey}: taken by the gateway; sent again (same callbackKey, applied once) only if the node never moves on`
        : `  answer    ${held.answer} for ${held.callbackKey}: not known to be taken (sent, its answer unheard, or not sent yet); the next run sends it again under the same callbackKey, which the gateway applies once`,
    );
  }
  if (otp) {
    const left =
      otp.remainingAttempts === undefined
        ? ''
        : `, ${otp.remainingAttempts} attempt${otp.remainingAttempts === 1 ? '' : 's'} left`;
    const refused =
      otp.refused === 0
        ? ''
        : `, ${otp.refused} code${otp.refused === 1 ? '' : 's'} turned down (not sent again)`;
    lines.push(
      `  otp       ${otp.channel}: ${otp.sends} code${otp.sends === 1 ? '' : 's'} sent${left}${refused}`,
    );
  }
  const times = [
    `${history.answered} node${history.answered === 1 ? '' : 's'} answered`,
    history.lastAnswerAt && `last answer sent ${history.lastAnswerAt}`,
    history.lastStatusReadAt && `last status read ${history.lastStatusReadAt}`,
    history.suspendedAt && `suspended since ${history.suspendedAt}`,
  ].filter(Boolean);
  lines.push(`  history   ${times.join('; ')}`);
  return lines;
}
