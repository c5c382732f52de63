import type { HostEvent } from '../../machine/index.js';
import type { Uploader } from '../../services/types.js';
import type { CustomerProfile } from './profile.js';
import { identityDocumentEvents, requiredDocumentEvents } from './profile-documents.js';
import { formEvents } from './profile-forms.js';
import { createOtpEvents } from './profile-otp.js';
import { createProfileScope, missing, type ProfileScope } from './profile-scope.js';
import type { AnswerableKind, NodeRequest, Responder } from './responder.js';

export interface ProfileResponderOptions {
  /** Puts local files where the gateway can read them: the gateway client's `upload`. */
  readonly upload: Uploader;
  /** Where `otp.env` is read when a code is needed; `process.env` by default. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

type EventsFor = (scope: ProfileScope, request: NodeRequest) => Promise<HostEvent[]>;

type AnswersFor = { readonly [K in AnswerableKind]: EventsFor };

/**
 * How each kind of node is answered from a profile. Made for each responder: its OTP
 * answers remember which codes the gateway rejected at which node.
 */
function answersFor(): AnswersFor {
  const otpEvents = createOtpEvents();
  return {
    identityDocument: identityDocumentEvents,
    particulars: async ({ profile }) => [
      { type: 'SUBMIT_PARTICULARS', personData: profile.person },
    ],
    liveness: livenessEvents,
    emailOtp: otpEvents,
    phoneOtp: otpEvents,
    requiredDocuments: requiredDocumentEvents,
    requiredForms: formEvents,
  };
}

/**
 * Answers every node from a customer profile (see `loadProfile`). Local files are uploaded
 * when a node asks for them, so a profile can serve any number of flows at once.
 */
export function createProfileResponder(
  profile: CustomerProfile,
  options: ProfileResponderOptions,
): Responder {
  const scope = createProfileScope(profile, options.upload, options.env ?? process.env);
  const answers = answersFor();
  return { respond: (request) => answers[request.kind](scope, request) };
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
