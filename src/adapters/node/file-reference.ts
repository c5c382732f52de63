import { isAbsolute, resolve } from 'node:path';

/**
 * A file a profile points at: a URL the gateway can already read (`s3://…`, `https://…`)
 * passes as it is; anything else is a local path, uploaded before it is submitted.
 */
export type FileReference =
  | { readonly kind: 'url'; readonly url: string; readonly filename: string }
  | { readonly kind: 'local'; readonly path: string; readonly filename: string };

const URL_PATTERN = /^[a-z][a-z0-9+.-]*:\/\//i;

/** Local paths are relative to the profile's own directory, so a profile travels with its files. */
export function toFileReference(value: string, baseDirectory: string): FileReference {
  if (URL_PATTERN.test(value)) {
    return { kind: 'url', url: value, filename: lastSegment(new URL(value).pathname) };
  }
  const path = isAbsolute(value) ? value : resolve(baseDirectory, value);
  return { kind: 'local', path, filename: lastSegment(path) };
}

const lastSegment = (path: string): string => path.split(/[\\/]/).filter(Boolean).at(-1) ?? 'file';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  heic: 'image/heic',
  gif: 'image/gif',
  pdf: 'application/pdf',
};

/** The media type a file name suggests; the gateway only needs it as a hint. */
export function contentTypeOf(filename: string): string {
  const extension = filename.split('.').at(-1)?.toLowerCase() ?? '';
  return CONTENT_TYPES[extension] ?? 'application/octet-stream';
}
