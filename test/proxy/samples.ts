import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const files = join(import.meta.dirname, '..', '..', 'examples', 'profiles', 'files');

/** A small file that starts the way `prefix` says and is padded to `size` bytes. */
const padded = (prefix: readonly number[], size: number): Uint8Array<ArrayBuffer> => {
  const bytes = new Uint8Array(size);
  bytes.set(prefix);
  return bytes;
};

const ascii = (text: string) => [...text].map((char) => char.charCodeAt(0));

/** Real files a page uploads (the sample profile's scans), and the magic of the rest. */
export const SAMPLES = {
  png: new Uint8Array(readFileSync(join(files, 'passport-front.png'))),
  pdf: new Uint8Array(readFileSync(join(files, 'utility-bill.pdf'))),
  // A JFIF header, as a camera or a canvas writes it.
  jpeg: padded([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, ...ascii('JFIF'), 0x00], 512),
  // An ISO-BMFF `ftyp` box with the `heic` brand, as an iPhone writes it.
  heic: padded(
    [0x00, 0x00, 0x00, 0x18, ...ascii('ftypheic'), 0, 0, 0, 0, ...ascii('mif1heic')],
    512,
  ),
  html: new TextEncoder().encode(`<html><script>alert(document.cookie)</script>${' '.repeat(256)}`),
} as const;

/** A multipart form as a page posts it: one file and the executionId. */
export const uploadForm = (
  bytes: Uint8Array<ArrayBuffer>,
  executionId: string,
  options: { filename?: string; type?: string } = {},
): FormData => {
  const form = new FormData();
  form.set('file', new Blob([bytes], { type: options.type ?? '' }), options.filename ?? 'scan');
  form.set('executionId', executionId);
  return form;
};
