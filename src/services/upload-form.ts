import type { UploadInput } from './types.js';

/** The multipart form every upload sends (storage service or proxy): `file` and `executionId`. */
export const uploadForm = (input: UploadInput): FormData => {
  const form = new FormData();
  form.set('file', input.file, input.filename);
  form.set('executionId', input.executionId);
  return form;
};
