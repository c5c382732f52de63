import { openAsBlob } from 'node:fs';
import type { Uploader } from '../../services/types.js';
import type { DocumentFile } from '../../services/wire/records.js';
import { contentTypeOf, type FileReference } from './file-reference.js';

/**
 * Makes a file referenceable by the gateway: a local file is streamed to the storage
 * service (never read whole into memory), a URL passes as it is.
 */
export async function uploadFile(
  reference: FileReference,
  context: {
    readonly upload: Uploader;
    readonly executionId: string;
    readonly signal?: AbortSignal;
  },
): Promise<DocumentFile> {
  const contentType = contentTypeOf(reference.filename);
  if (reference.kind === 'url') {
    return { url: reference.url, filename: reference.filename, content_type: contentType };
  }
  const file = await openAsBlob(reference.path, { type: contentType });
  const { url } = await context.upload(
    { file, filename: reference.filename, executionId: context.executionId },
    { signal: context.signal },
  );
  return { url, filename: reference.filename, content_type: contentType, size: file.size };
}
