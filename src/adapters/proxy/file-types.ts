/** The file types the upload route can recognise. */
export type UploadType = 'image/jpeg' | 'image/png' | 'image/heic' | 'application/pdf';

const ascii = (bytes: Uint8Array, from: number, to: number) =>
  String.fromCharCode(...bytes.subarray(from, to));

const startsWith = (bytes: Uint8Array, magic: readonly number[]) =>
  magic.every((byte, index) => bytes[index] === byte);

/** HEIF brands of HEVC-coded images (what phones write); `mif1` alone may be AVIF. */
const HEIC_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis']);

/** An ISO-BMFF `ftyp` box whose major or compatible brands name HEIC. */
const isHeic = (bytes: Uint8Array) => {
  if (ascii(bytes, 4, 8) !== 'ftyp') return false;
  const boxSize = Math.min((bytes[2] ?? 0) * 256 + (bytes[3] ?? 0), bytes.length);
  for (let offset = 8; offset + 4 <= boxSize; offset += 4) {
    // Offset 12 is the minor version, not a brand.
    if (offset !== 12 && HEIC_BRANDS.has(ascii(bytes, offset, offset + 4))) return true;
  }
  return false;
};

/** Each type: its usual extension, and how its first bytes (`HEAD_BYTES` of them) look. */
export const UPLOAD_TYPES: Readonly<
  Record<
    UploadType,
    { readonly extension: string; readonly matches: (head: Uint8Array) => boolean }
  >
> = {
  'image/jpeg': { extension: 'jpg', matches: (head) => startsWith(head, [0xff, 0xd8, 0xff]) },
  'image/png': {
    extension: 'png',
    matches: (head) => startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  },
  'image/heic': { extension: 'heic', matches: isHeic },
  'application/pdf': { extension: 'pdf', matches: (head) => ascii(head, 0, 5) === '%PDF-' },
};

export const UPLOAD_TYPE_NAMES = Object.keys(UPLOAD_TYPES) as UploadType[];

/** How many first bytes `detectFileType` reads: a HEIC `ftyp` box with its brands. */
export const HEAD_BYTES = 64;

/** The type a file's first bytes show, among `accepted`; what it claims to be is not asked. */
export const detectFileType = (
  head: Uint8Array,
  accepted: ReadonlySet<UploadType>,
): UploadType | undefined => [...accepted].find((type) => UPLOAD_TYPES[type].matches(head));

/** Names a browser or an OS gives the same types. */
const ALIASES: Readonly<Record<string, UploadType>> = {
  'image/jpg': 'image/jpeg',
  'image/pjpeg': 'image/jpeg',
  'image/heif': 'image/heic',
  'application/x-pdf': 'application/pdf',
};

/**
 * Whether a part's declared type agrees with the detected one. No type, or the generic
 * `application/octet-stream`, declares nothing; anything else must name the same type.
 */
export const declaredTypeAgrees = (declared: string, detected: UploadType): boolean => {
  const type = declared.split(';', 1)[0]?.trim().toLowerCase() ?? '';
  if (type === '' || type === 'application/octet-stream') return true;
  return (ALIASES[type] ?? type) === detected;
};
