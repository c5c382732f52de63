/**
 * The Fetch standard's "bad ports": Node's fetch, as every browser, refuses to connect to
 * them ("bad port" beneath its "fetch failed") before anything is sent, on every attempt.
 * https://fetch.spec.whatwg.org/#bad-port
 */
const BAD_PORTS: ReadonlySet<number> = new Set([
  1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102,
  103, 104, 109, 110, 111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465,
  512, 513, 514, 515, 526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636, 989, 990, 993,
  995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668,
  6669, 6679, 6697, 10080,
]);

/** Why a call to such a port never leaves this machine, in a few words. */
export const blockedPortCause = (port: string): string =>
  `port ${port} is one fetch never connects to (on the Fetch standard's list of bad ports, blocked as browsers block it): serve it on another port`;

/**
 * The URLs of `urls` (the gateway's, the storage's) whose port fetch never connects to, each
 * as a line of `kyc-flow run`'s unreachable gateway: retrying them could never pass.
 */
export function blockedPorts(urls: Readonly<Record<string, string | undefined>>): string[] {
  return Object.entries(urls).flatMap(([what, text]) => {
    const url = text !== undefined && URL.canParse(text) ? new URL(text) : undefined;
    // An empty port is the scheme's own (80, 443), never a bad one.
    if (!url || url.port === '' || !BAD_PORTS.has(Number(url.port))) return [];
    return [`the ${what} at ${url.host} could not be reached: ${blockedPortCause(url.port)}`];
  });
}
