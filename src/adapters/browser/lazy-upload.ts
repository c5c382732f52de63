import { FlowInputError } from '../../machine/flow-error.js';
import type { FlowView } from '../../machine/types.js';
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
      loaded.browserUploader(options, createProxyUploader),
    );
    return (await uploader)(file, executionId, uploadOptions);
  };
};
