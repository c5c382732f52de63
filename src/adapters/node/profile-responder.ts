import type { FormInput, HostEvent } from '../../machine/index.js';
import type { Uploader } from '../../services/types.js';
import type { CustomerProfile } from './profile.js';
import { identityDocumentEvents, requiredDocumentEvents } from './profile-documents.js';
import { createProfileScope, expects, missing, type ProfileScope } from './profile-scope.js';
import type { AnswerableKind, NodeRequest, Responder } from './responder.js';
import { ResponderError } from './responder-error.js';

export interface ProfileResponderOptions {
  /** Puts local files where the gateway can read them: the gateway client's `upload`. */
  readonly upload: Uploader;
  /** Where `otp.env` is read when a code is needed; `process.env` by default. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

type EventsFor = (scope: ProfileScope, request: NodeRequest) => Promise<HostEvent[]>;

/** How each kind of node is answered from a profile. */
const EVENTS_FOR: { readonly [K in AnswerableKind]: EventsFor } = {
  identityDocument: identityDocumentEvents,
  particulars: async ({ profile }) => [{ type: 'SUBMIT_PARTICULARS', personData: profile.person }],
  liveness: livenessEvents,
  emailOtp: otpEvents,
  phoneOtp: otpEvents,
  requiredDocuments: requiredDocumentEvents,
  requiredForms: formEvents,
};

/**
 * Answers every node from a customer profile (see `loadProfile`). Local files are uploaded
 * when a node asks for them, so a profile can serve any number of flows at once.
 */
export function createProfileResponder(
  profile: CustomerProfile,
  options: ProfileResponderOptions,
): Responder {
  const scope = createProfileScope(profile, options.upload, options.env ?? process.env);
  return { respond: (request) => EVENTS_FOR[request.kind](scope, request) };
}

async function livenessEvents(scope: ProfileScope, request: NodeRequest): Promise<HostEvent[]> {
  const liveness = scope.profile.liveness;
  if (liveness === undefined) throw missing(request, 'liveness');
  const selfie = await scope.file(liveness.selfie, request);
  const submitted: HostEvent = {
    type: 'SUBMIT_LIVENESS',
    liveness: {
      status: liveness.status,
      scores: liveness.scores,
      images: { faceFull: selfie.url },
      ...(liveness.provider && { provider: liveness.provider }),
    },
  };
  return [submitted];
}

/** Characters a gateway hides part of an address behind. */
const MASKED = /[*•]/u;

/** SEND_OTP (when the flow wants a code sent) then VERIFY_OTP with the profile's code. */
async function otpEvents({ profile, env }: ProfileScope, request: NodeRequest) {
  const source = profile.otp;
  if (source === undefined) throw missing(request, 'otp');
  const code = source.code ?? (source.env === undefined ? undefined : env[source.env]);
  if (code === undefined || code === '') {
    throw new ResponderError(request.node.nodeType, 'otp.env', `${source.env} is not set`);
  }
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

/** SUBMIT_FORMS with every form the node names that is not submitted yet. */
async function formEvents({ profile }: ProfileScope, request: NodeRequest) {
  const forms = profile.forms ?? {};
  const submitted = new Set(request.view.forms?.submitted ?? []);
  const formIds = (request.node.config?.formIds ?? Object.keys(forms)).filter(
    (formId) => !submitted.has(formId),
  );
  const filled: FormInput[] = formIds.map((formId) => {
    const formData = forms[formId];
    if (formData === undefined) throw missing(request, `forms.${formId}`);
    return { formId, formData };
  });
  const submit: HostEvent = { type: 'SUBMIT_FORMS', forms: filled };
  return [submit];
}
