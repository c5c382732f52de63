/**
 * A customerId as a gateway that compares ids loosely might read it: up to a NUL (where C
 * strings end), compatibility forms, case, accents, invisible characters and surrounding
 * spaces folded (a case- and accent-insensitive collation matches `C_Alice`, `c_alice`,
 * `ｃ_ａｌｉｃｅ` and `C_Alicé ` as one customer). The proxy binds claimed customers under this
 * form, so that a variant of another caller's id is that caller's too: folding more than
 * the gateway does only refuses more.
 */
export const foldCustomerId = (customerId: string): string =>
  (customerId.split('\0', 1)[0] ?? '')
    .normalize('NFKD')
    .replace(/[\p{M}\p{Cc}\p{Cf}]/gu, '')
    .toUpperCase()
    .toLowerCase()
    .trim();
