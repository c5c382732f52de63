import type { FormInput, HostEvent } from '../../machine/index.js';
import type { Uploader } from '../../services/types.js';
import type { DocumentFiles } from '../../services/wire/records.js';
import { toFileReference } from './file-reference.js';
import type { CustomerProfile } from './profile.js';
import type { NodeRequest, Responder } from './responder.js';
import { ResponderError } from './responder-error.js';
import { uploadFile } from './upload-file.js';

export interface ProfileResponderOptions {
  /** Puts local files where the gateway can read them: the gateway client's `upload`. */
  readonly upload: Uploader;
  /** Where `otp.env` is read when a code is needed; `process.env` by default. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * Answers every node from a customer profile (see `loadProfile`). Local files are uploaded
 * when a node asks for them, so a profile can serve any number of flows at once.
 */
const expects = (request: NodeRequest, type: HostEvent['type']) =>
  request.view.expects.includes(type);

export function createProfileResponder(
  profile: CustomerProfile,
  options: ProfileResponderOptions,
): Responder {
  const env = options.env ?? process.env;
  const file = (value: string, request: NodeRequest) =>
    uploadFile(toFileReference(value, profile.baseDirectory), {
      upload: options.upload,
      executionId: request.executionId,
      signal: request.signal,
    });
  const missing = (request: NodeRequest, field: string): ResponderError =>
    new ResponderError(request.node.nodeType, field, 'the profile has none');

  const answers: {
    [K in NodeRequest['kind']]: (request: NodeRequest) => Promise<HostEvent[]>;
  } = {
    async identityDocument(request) {
      // After a failed OCR the flow first wants a retake; the submission follows on the re-armed node.
      if (expects(request, 'RETAKE') && !expects(request, 'SUBMIT_IDENTITY_DOCUMENT')) {
        return [{ type: 'RETAKE' }];
      }
      const document = profile.identityDocument;
      if (document === undefined) throw missing(request, 'identityDocument');
      const accepted = request.node.config?.acceptedDocumentTypes;
      if (accepted !== undefined && !accepted.includes(document.documentType)) {
        throw new ResponderError(
          request.node.nodeType,
          'identityDocument.documentType',
          `${document.documentType} is not accepted here (accepted: ${accepted.join(', ')})`,
        );
      }
      const [front, back] = await Promise.all([
        file(document.front, request),
        document.back === undefined ? undefined : file(document.back, request),
      ]);
      return [
        {
          type: 'SUBMIT_IDENTITY_DOCUMENT',
          document: {
            documentType: document.documentType,
            region: document.region,
            frontImage: front.url,
            ...(back && { backImage: back.url }),
            ...(document.provider && { provider: document.provider }),
          },
        },
      ];
    },

    async particulars() {
      return [{ type: 'SUBMIT_PARTICULARS', personData: profile.person }];
    },

    async liveness(request) {
      const liveness = profile.liveness;
      if (liveness === undefined) throw missing(request, 'liveness');
      const selfie = await file(liveness.selfie, request);
      return [
        {
          type: 'SUBMIT_LIVENESS',
          liveness: {
            status: liveness.status,
            scores: liveness.scores,
            images: { faceFull: selfie.url },
            ...(liveness.provider && { provider: liveness.provider }),
          },
        },
      ];
    },

    emailOtp: (request) => otpAnswer(request),
    phoneOtp: (request) => otpAnswer(request),

    async requiredDocuments(request) {
      const wanted = request.node.config?.requiredDocuments;
      const done = new Set([
        ...(request.view.documents?.added ?? []),
        ...(request.view.documents?.pending ?? []),
      ]);
      const documents = (profile.documents ?? []).filter(
        (document) =>
          !done.has(document.docType) &&
          (wanted === undefined || wanted.some((entry) => entry.docType === document.docType)),
      );
      const lacking = (wanted ?? []).filter(
        (entry) =>
          entry.isRequired &&
          !done.has(entry.docType) &&
          !documents.some((document) => document.docType === entry.docType),
      );
      if (lacking.length > 0) {
        throw new ResponderError(
          request.node.nodeType,
          'documents',
          `the profile has no ${lacking.map((entry) => entry.docType).join(', ')}`,
        );
      }
      const added = await Promise.all(
        documents.map(async (document): Promise<HostEvent> => {
          const [front, back] = await Promise.all([
            file(document.file, request),
            document.back === undefined ? undefined : file(document.back, request),
          ]);
          const files: DocumentFiles = back ? { front, back } : { front };
          return {
            type: 'ADD_DOCUMENT',
            document: {
              docType: document.docType,
              files,
              ...(document.extraData && { extraData: document.extraData }),
            },
          };
        }),
      );
      return [...added, { type: 'SUBMIT_DOCUMENTS' }];
    },

    async requiredForms(request) {
      const forms = profile.forms ?? {};
      const submitted = new Set(request.view.forms?.submitted ?? []);
      const formIds = (request.node.config?.formIds ?? Object.keys(forms)).filter(
        (formId) => !submitted.has(formId),
      );
      const answer: FormInput[] = [];
      for (const formId of formIds) {
        const formData = forms[formId];
        if (formData === undefined) throw missing(request, `forms.${formId}`);
        answer.push({ formId, formData });
      }
      return [{ type: 'SUBMIT_FORMS', forms: answer }];
    },
  };

  function otpAnswer(request: NodeRequest): Promise<HostEvent[]> {
    const source = profile.otp;
    if (source === undefined) return Promise.reject(missing(request, 'otp'));
    const code = source.code ?? (source.env === undefined ? undefined : env[source.env]);
    if (code === undefined || code === '') {
      return Promise.reject(
        new ResponderError(request.node.nodeType, 'otp.env', `${source.env} is not set`),
      );
    }
    const verify: HostEvent = { type: 'VERIFY_OTP', code };
    if (!expects(request, 'SEND_OTP')) return Promise.resolve([verify]);
    // The node's own identity wins; without one, the profile's address for this channel.
    const identity =
      request.node.config?.identity ||
      (request.kind === 'emailOtp' ? profile.customer.email : profile.customer.phone);
    return Promise.resolve([{ type: 'SEND_OTP', ...(identity && { identity }) }, verify]);
  }

  return { respond: (request) => answers[request.kind](request) };
}
