import { dispositionOf } from '../../machine/flow-error.js';
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
    file: async (value, request) => {
      const reference = toFileReference(value, profile.baseDirectory);
      try {
        return await uploadFile(reference, {
          upload,
          executionId: request.executionId,
          signal: request.signal,
        });
      } catch (error) {
        throw refusedFile(error, request, reference.filename);
      }
    },
  };
}

/**
 * Storage refusing the file itself (too large, a type it does not take: apiCode 999301, an
 * HTTP 413) is the profile's to fix, as a node's refused answer is: the profile cannot answer
 * with that file. Trouble in reaching storage, or an answer that breaks the contract, stays
 * as it is, for the run to suspend or stop on.
 */
const refusedFile = (error: unknown, request: NodeRequest, filename: string): unknown =>
  dispositionOf(error) === 'rejected' && !(error instanceof ResponderError)
    ? new ResponderError(
        request.node.nodeType,
        filename,
        `storage refused the file (${(error as Error).message})`,
        { cause: error },
      )
    : error;

/** The flow waits for this host event now. */
export const expects = (request: NodeRequest, type: HostEvent['type']): boolean =>
  request.view.expects.includes(type);

/** The node asks for a section the profile does not have. */
export const missing = (request: NodeRequest, field: string): ResponderError =>
  new ResponderError(request.node.nodeType, field, 'the profile has none');
