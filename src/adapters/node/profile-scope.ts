import type { HostEvent } from '../../machine/index.js';
import type { Uploader } from '../../services/types.js';
import type { DocumentFile } from '../../services/wire/records.js';
import { toFileReference } from './file-reference.js';
import type { CustomerProfile } from './profile.js';
import type { NodeRequest } from './responder.js';
import { ResponderError } from './responder-error.js';
import { uploadFile } from './upload-file.js';

/** What turning a profile into a node's host events needs. */
export interface ProfileScope {
  readonly profile: CustomerProfile;
  /** Where `otp.env` is read. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** A profile file (a path or a URL) made readable by the gateway, for this request's execution. */
  file(value: string, request: NodeRequest): Promise<DocumentFile>;
}

export function createProfileScope(
  profile: CustomerProfile,
  upload: Uploader,
  env: Readonly<Record<string, string | undefined>>,
): ProfileScope {
  return {
    profile,
    env,
    file: (value, request) =>
      uploadFile(toFileReference(value, profile.baseDirectory), {
        upload,
        executionId: request.executionId,
        signal: request.signal,
      }),
  };
}

/** The flow waits for this host event now. */
export const expects = (request: NodeRequest, type: HostEvent['type']): boolean =>
  request.view.expects.includes(type);

/** The node asks for a section the profile does not have. */
export const missing = (request: NodeRequest, field: string): ResponderError =>
  new ResponderError(request.node.nodeType, field, 'the profile has none');
