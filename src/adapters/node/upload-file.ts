import { openAsBlob } from 'node:fs';
import type { Uploader } from '../../services/types.js';
import type { DocumentFile } from '../../services/wire/records.js';
import { contentTypeOf, type FileReference } from './file-reference.js';

/**
 * Makes a file referenceable by the gateway: a local file is uploaded to the storage
 * service, a URL passes as it is. The file is a disk-backed Blob (`openAsBlob`), streamed
 * from disk while it is sent, and read again from disk if the upload is retried: a backend
 * with many flows uploading at once holds a few chunks each, not whole images.
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
