import { sleepUntil } from '../../machine/actors/sleep.js';
import { FLOW_CODES, type HostEvent } from '../../machine/index.js';
import { expects, missing, type ProfileScope } from './profile-scope.js';
import type { NodeRequest } from './responder.js';
import { ResponderError } from './responder-error.js';
import { codeSuperseded } from './superseded-code.js';

/** Characters a gateway hides part of an address behind. */
const MASKED = /[*•]/u;

/**
 * The OTP states where the code the flow verified last was turned down: a wrong code, or
 * the last attempt spent on one (the code is then locked until a resend).
 */
const TURNED_DOWN = new Set(['wrongCode', 'locked']);

/**
 * Resends for a superseded requestId, per node: each is a message to the customer, and a
 * gateway that names `requestId` in refusals of another kind would otherwise have one sent
 * per answer until the node's answer limit. Past it the code is verified as it stands.
 */
const SUPERSEDED_RESENDS = 2;

/** One OTP node's codes: the one given last, the ones turned down, resends for supersession. */
interface NodeCodes {
  given?: string;
  /** The code given at a lock went with a resend: the sends the flow had counted then. */
  givenAtLock?: number | undefined;
  readonly rejected: Set<string>;
  resends: number;
}

/**
 * Answers OTP nodes from a profile: SEND_OTP (when the flow wants a code sent) then
 * VERIFY_OTP with the profile's code, never a code the gateway already rejected at that
 * node. Sending it again could only spend the customer's attempts and lock them out, so
 * the responder gives up at once, naming the channel and the attempts left.
 *
 * A flow restored at a wrong code (a later run on a state file) remembers the codes refused
 * there: given one of them, it refuses it unsent (`OTP_CODE_REFUSED`), and the responder
 * gives up as it does in the run that was refused. A code fixed in the profile since is sent.
 */
export function createOtpEvents(): (
  scope: ProfileScope,
  request: NodeRequest,
) => Promise<HostEvent[]> {
  // By execution and callbackKey: one profile may answer several flows at once. A profile
  // is one customer's, so this holds a few entries, not one per customer onboarded.
  const nodes = new Map<string, NodeCodes>();
  return async (scope, request) => {
    const code = profileCode(scope, request);
    const key = `${request.executionId}\n${request.node.callbackKey}`;
    const codes = nodes.get(key) ?? { rejected: new Set<string>(), resends: 0 };
    nodes.set(key, codes);
    if (codes.given !== undefined && turnedDown(request, codes)) codes.rejected.add(codes.given);
    if (codes.rejected.has(code)) throw rejected(scope, request);
    const superseded = codeSuperseded(request.view.error) && codes.resends < SUPERSEDED_RESENDS;
    if (superseded) codes.resends += 1;
    // Locked, and this code not turned down in this run (a later run on the state file): the
    // code sent is spent, only a new one can be verified. Verifying without a resend, the node
    // would stay locked for every run to come.
    const locked = lockedBefore(request);
    const events =
      superseded || locked ? await resendEvents(request, code) : otpEvents(scope, request, code);
    // Only a code the flow takes now is verified; one it does not want is dropped unsent.
    if (locked || expects(request, 'VERIFY_OTP') || expects(request, 'SEND_OTP')) {
      codes.given = code;
      codes.givenAtLock = locked ? sendsOf(request) : undefined;
    }
    return events;
  };
}

/** The profile's code, fixed or read from the environment now (it may change between asks). */
function profileCode({ profile, env }: ProfileScope, request: NodeRequest): string {
  const source = profile.otp;
  if (source === undefined) throw missing(request, 'otp');
  const code = source.code ?? (source.env === undefined ? undefined : env[source.env]);
  if (code === undefined || code === '') {
    throw new ResponderError(request.node.nodeType, 'otp.env', `${source.env} is not set`);
  }
  return code;
}

/**
 * The flow shows the last code it verified at this node turned down, or refused the code
 * given as one the gateway turned down before the flow was restored.
 */
const turnedDown = (request: NodeRequest, codes: NodeCodes): boolean => {
  const { view } = request;
  if (refusedBefore(view)) return true;
  // Still locked with no code sent since the one given there: that code was never verified.
  if (codes.givenAtLock !== undefined && sendsOf(request) === codes.givenAtLock) return false;
  return view.state.split('.').some((state) => TURNED_DOWN.has(state));
};

const sendsOf = ({ view }: NodeRequest): number => view.otp?.sends ?? 0;

/** The code is locked and waits only for a resend: no code is verified there before one. */
const lockedBefore = (request: NodeRequest): boolean =>
  expects(request, 'RESEND_OTP') &&
  !expects(request, 'VERIFY_OTP') &&
  request.view.state.split('.').includes('locked');

const refusedBefore = (view: NodeRequest['view']): boolean =>
  view.error?.code === FLOW_CODES.OTP_CODE_REFUSED;

/** The profile's code was rejected: named by its field and channel, never by its digits. */
function rejected({ profile }: ProfileScope, request: NodeRequest): ResponderError {
  const field = profile.otp?.code === undefined ? 'otp.env' : 'otp.code';
  const channel = request.kind === 'emailOtp' ? 'email' : 'phone';
  const left = attemptsLeft(request.view.otp?.remainingAttempts);
  const when = refusedBefore(request.view) ? ', in an earlier run' : '';
  // What to fix; the CLI adds where the flow is kept to run again.
  const next = lockedBefore(request)
    ? `; the code is locked: with another code in ${field}, the next run has a new one sent to the customer (once the gateway allows it) and verifies that`
    : `; another code in ${field} is sent`;
  return new ResponderError(
    request.node.nodeType,
    field,
    `the profile's one-time code was rejected on the ${channel} channel${left}${when}: not sent again, so as not to spend the customer's attempts${next}`,
  );
}

/** What the gateway said of the attempts left, if it said. */
function attemptsLeft(count: number | undefined): string {
  if (count === undefined) return '';
  if (count === 0) return ' (no attempts left)';
  return ` (${count} attempt${count === 1 ? '' : 's'} left)`;
}

/**
 * The code the flow holds was superseded by a send it never heard the answer of: RESEND_OTP
 * (once the flow allows it, `otp.resendAvailableAt`) for the latest requestId, then the
 * profile's code. Not a rejection of the code: it was never checked.
 */
async function resendEvents(request: NodeRequest, code: string): Promise<HostEvent[]> {
  const verify: HostEvent = { type: 'VERIFY_OTP', code };
  if (!expects(request, 'RESEND_OTP')) return [verify];
  await sleepUntil(request.view.otp?.resendAvailableAt ?? 0, request.signal);
  return [{ type: 'RESEND_OTP' }, verify];
}

/** SEND_OTP (when the flow wants a code sent) then VERIFY_OTP with `code`. */
function otpEvents({ profile }: ProfileScope, request: NodeRequest, code: string): HostEvent[] {
  const verify: HostEvent = { type: 'VERIFY_OTP', code };
  if (!expects(request, 'SEND_OTP')) return [verify];
  // The node's own identity wins; without one, the profile's address for this channel. A
  // masked one (`j***@example.com`) shows where a code would go, it is no address to send to.
  const own = request.kind === 'emailOtp' ? profile.customer.email : profile.customer.phone;
  const given = request.node.config?.identity;
  const identity = given && !(MASKED.test(given) && own) ? given : own;
  const send: HostEvent = { type: 'SEND_OTP', ...(identity && { identity }) };
  return [send, verify];
}
