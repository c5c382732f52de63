import { useCallback, useState } from 'react';
import { customerMessageOf, PAGE_NOT_LOADED } from '../../machine/customer-message.js';
import { GatewayError } from '../../services/errors/gateway-error.js';
import { KycFlowError } from '../../services/errors/kyc-flow-error.js';
import { proxyCodeOf } from '../../services/proxy-code.js';
import type { UploadProgress } from '../browser/types.js';
import { isPageLoadFailure } from './page-load-failure.js';
import type { UploadKey, UploadState, UseKycFlowResult } from './types.js';

/** An upload's failure: in words for the customer, and as it was for logs. */
const describe = (error: unknown): Pick<UploadState, 'error' | 'detail'> => ({
  error: customerMessageOf(
    error instanceof KycFlowError
      ? {
          // The proxy's refusal of a file (too large, not a type it accepts) by its own code;
          // a file that did not get through, as one to send again (nothing sends it by itself).
          code:
            (error instanceof GatewayError && proxyCodeOf(error.apiMsg)) ||
            (error.code === 'TRANSPORT_ERROR' ? 'UPLOAD_FAILED' : error.code),
          retryable: error.retryable,
          ...(error instanceof GatewayError ? { apiCode: error.apiCode } : {}),
        }
      : isPageLoadFailure(error)
        ? { code: PAGE_NOT_LOADED, retryable: false }
        : { code: 'UPLOAD_FAILED', retryable: true },
  ),
  detail: error instanceof Error ? error.message : String(error),
});

type Send = (onProgress: (progress: UploadProgress) => void) => Promise<void>;

type Uploads = UseKycFlowResult['uploads'];
const NONE: Uploads = {};

/**
 * The page's file transfers by what they are for, and `track` to run one and follow it;
 * `flow`'s alone: a hook given another customer (a new flow) shows none of the last one's,
 * and what that one's transfers still on their way report goes nowhere.
 */
export function useUploads(flow: object) {
  const [noted, setNoted] = useState<{ flow: object; uploads: Uploads }>({ flow, uploads: NONE });
  // Another flow than the last render's: none yet (React's way to reset state on a new prop).
  if (noted.flow !== flow) setNoted({ flow, uploads: NONE });

  const track = useCallback(
    async (key: UploadKey, send: Send) => {
      const note = (state: UploadState) =>
        setNoted((now) =>
          now.flow === flow ? { flow, uploads: { ...now.uploads, [key]: state } } : now,
        );
      note({ status: 'uploading', loaded: 0 });
      // A capture of several files fails with the first that fails; another still on its way
      // reports progress after that, which must not turn the failure back into 'uploading'.
      let settled = false;
      try {
        let last: UploadProgress = { loaded: 0 };
        await send((progress) => {
          if (settled) return;
          last = progress;
          note({ status: 'uploading', ...progress });
        });
        settled = true;
        note({ ...last, status: 'sent' });
        return true;
      } catch (error) {
        settled = true;
        note({ status: 'failed', loaded: 0, ...describe(error) });
        return false;
      }
    },
    [flow],
  );

  return { uploads: noted.flow === flow ? noted.uploads : NONE, track };
}
