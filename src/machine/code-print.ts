/**
 * What the flow keeps of an OTP code the gateway refused, to know that code again without
 * keeping it: a 32-bit FNV-1a hash of the requestId and the code, so that a print matches
 * that code for that request only. A snapshot holds prints of refused codes alone, and a
 * refused code verifies nothing.
 */
export const codePrint = (requestId: string, code: string): string => {
  let hash = 0x811c9dc5;
  for (const char of `${requestId}\n${code}`) {
    hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193);
  }
  return (hash >>> 0).toString(36);
};
