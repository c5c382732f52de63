import { stat } from 'node:fs/promises';
import { DEFAULT_MAX_ANSWER_BYTES } from '../../../services/answer-text.js';
import { NotARegularFileError, readRegularFile } from '../regular-file.js';
import { UsageError } from './usage-error.js';

export interface GatewaySettings {
  readonly gatewayUrl: string;
  readonly storageUrl?: string;
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly domainId: string;
  /** Longer answers are refused unread (`createGatewayClient`'s `maxAnswerBytes`). */
  readonly maxAnswerBytes?: number;
}

/** The command line's gateway options, as `parseArgs` reads them. */
export interface GatewayFlags {
  readonly gateway?: string;
  readonly storage?: string;
  readonly 'api-key'?: string;
  readonly 'api-secret'?: string;
  readonly 'api-secret-file'?: string;
  readonly domain?: string;
  readonly 'max-answer-bytes'?: string;
}

/**
 * `parseArgs` options of the gateway flags, shared by every command that takes them;
 * `satisfies` keeps them and `GatewayFlags` one list.
 */
export const GATEWAY_FLAG_OPTIONS = {
  gateway: { type: 'string' },
  storage: { type: 'string' },
  'api-key': { type: 'string' },
  'api-secret': { type: 'string' },
  'api-secret-file': { type: 'string' },
  domain: { type: 'string' },
  'max-answer-bytes': { type: 'string' },
} as const satisfies Record<keyof GatewayFlags, { type: 'string' }>;

type Env = Readonly<Record<string, string | undefined>>;

const nonEmpty = (value: string | undefined) => (value === '' ? undefined : value);

const LOOPBACK = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])$/;

/** A gateway on this machine: a `kyc-flow sandbox`, or a local tunnel. */
export const isLoopback = (url: URL): boolean => LOOPBACK.test(url.hostname);

/**
 * The external gateway to run against, from the flags and the environment; `undefined` for
 * the embedded sandbox. The secret comes from `--api-secret-file`, `KYC_API_SECRET`, or
 * `--api-secret` (which works, with a warning: the process list shows it to every user).
 */
export async function gatewaySettings(
  flags: GatewayFlags,
  env: Env,
  warn: (text: string) => void,
): Promise<GatewaySettings | undefined> {
  const gatewayUrl = flags.gateway ?? nonEmpty(env.KYC_GATEWAY_URL);
  if (gatewayUrl === undefined) {
    const stray = [
      'api-key',
      'api-secret',
      'api-secret-file',
      'domain',
      'storage',
      'max-answer-bytes',
    ] as const;
    if (stray.some((name) => flags[name] !== undefined)) {
      throw new UsageError(
        '--api-key, --api-secret, --api-secret-file, --domain, --storage and --max-answer-bytes need --gateway',
      );
    }
    return undefined;
  }
  const apiKey = flags['api-key'] ?? nonEmpty(env.KYC_API_KEY);
  const apiSecret = await secret(flags, env, warn);
  const domainId = flags.domain ?? nonEmpty(env.KYC_DOMAIN_ID);
  const storageUrl = flags.storage ?? nonEmpty(env.KYC_STORAGE_URL);
  if (apiKey === undefined || apiSecret === undefined || domainId === undefined) {
    const missing = [
      apiKey === undefined && '--api-key (or KYC_API_KEY)',
      apiSecret === undefined && 'KYC_API_SECRET (or --api-secret-file)',
      domainId === undefined && '--domain (or KYC_DOMAIN_ID)',
    ].filter((name): name is string => typeof name === 'string');
    throw new UsageError(`--gateway needs ${missing.join(', ')}`);
  }
  const url = httpUrl(gatewayUrl, flags.gateway === undefined ? 'KYC_GATEWAY_URL' : '--gateway');
  if (storageUrl !== undefined) {
    httpUrl(storageUrl, flags.storage === undefined ? 'KYC_STORAGE_URL' : '--storage');
  }
  if (url.protocol === 'http:' && !isLoopback(url)) {
    warn(
      `${url.host} is reached over plain http: the apiKey, the customer's data and the gateway's responses travel unencrypted`,
    );
  }
  const maxAnswerBytes = answerLimit(flags['max-answer-bytes']);
  return {
    gatewayUrl,
    apiKey,
    apiSecret,
    domainId,
    storageUrl,
    ...(maxAnswerBytes !== undefined && { maxAnswerBytes }),
  };
}

/**
 * A gateway or storage URL: http(s), and with no user name or password in it, which every
 * call would be refused for (fetch takes no such URL) and only tell as unreachable.
 */
function httpUrl(text: string, name: string): URL {
  const url = URL.canParse(text) ? new URL(text) : undefined;
  if (!url || !/^https?:$/.test(url.protocol))
    throw new UsageError(`${name} must be an http(s) URL`);
  if (url.username !== '' || url.password !== '') {
    throw new UsageError(
      `${name} must not hold a user name or password (user:password@): calls are signed with the API key and secret, and a URL with credentials is refused by fetch`,
    );
  }
  return url;
}

/** `--max-answer-bytes`: a whole number of bytes, at least 1. */
function answerLimit(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const bytes = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!(Number.isSafeInteger(bytes) && bytes > 0)) {
    throw new UsageError(
      `--max-answer-bytes must be a whole number of bytes, at least 1 (default ${DEFAULT_MAX_ANSWER_BYTES}, 4 MiB), not ${JSON.stringify(value)}`,
    );
  }
  return bytes;
}

async function secret(
  flags: GatewayFlags,
  env: Env,
  warn: (text: string) => void,
): Promise<string | undefined> {
  const file = flags['api-secret-file'];
  if (file !== undefined && flags['api-secret'] !== undefined) {
    throw new UsageError('give the API secret once: --api-secret-file or --api-secret');
  }
  if (file !== undefined) return readSecretFile(file, warn);
  if (flags['api-secret'] !== undefined) {
    warn(
      '--api-secret shows the secret to every user of this machine (process list, shell ' +
        'history); use KYC_API_SECRET or --api-secret-file',
    );
    return flags['api-secret'];
  }
  return nonEmpty(env.KYC_API_SECRET);
}

/** The secret in a file: its one line, surrounding white space dropped. */
async function readSecretFile(path: string, warn: (text: string) => void): Promise<string> {
  let text: string;
  try {
    text = await readRegularFile(path);
  } catch (error) {
    const reason =
      error instanceof NotARegularFileError
        ? `is ${error.kind}`
        : `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`;
    throw new UsageError(`--api-secret-file ${path} ${reason}`);
  }
  const value = text.trim();
  if (value === '' || /\s/.test(value)) {
    throw new UsageError(`--api-secret-file ${path} must hold the secret alone, on one line`);
  }
  const { mode } = await stat(path);
  if ((mode & 0o077) !== 0) {
    warn(
      `--api-secret-file ${path} can be read by other users (mode ${(mode & 0o777).toString(8)}); chmod 600 it`,
    );
  }
  return value;
}
