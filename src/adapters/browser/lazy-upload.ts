import { FlowInputError } from '../../machine/flow-error.js';
import type { FlowView } from '../../machine/types.js';
import { TransportError } from '../../services/errors/index.js';
import { UPLOAD_API } from '../../services/wire/upload-api.js';
import { createProxyUploader } from './proxy-transport.js';
import type { BrowserFlow, BrowserFlowOptions } from './types.js';

/** `upload()` of a browser flow: the execution the view names, the uploader loaded on first use. */
export const lazyUpload = (
  options: BrowserFlowOptions,
  view: () => FlowView,
): BrowserFlow['upload'] => {
  let uploader: Promise<ReturnType<typeof import('./browser-upload.js').browserUploader>>;
  return async (file, uploadOptions) => {
    const { executionId } = view();
    if (executionId === undefined) {
      throw new FlowInputError('NO_EXECUTION', 'no execution yet: upload once it runs');
    }
    uploader ??= import('./browser-upload.js').then((loaded) =>
      // The entry's own, handed in so that the chunk shares none: how it makes the upload,
      // and what a stalled one fails with.
      loaded.browserUploader(
        options,
        createProxyUploader,
        () => new TransportError(UPLOAD_API, 'timeout'),
      ),
    );
    return (await uploader)(file, executionId, uploadOptions);
  };
};
