const QUEUE = {
  install: 'bullmq ioredis undici',
  for: 'kyc-flow/queue (`kyc-flow worker`, `kyc-flow batch --redis`)',
};

/** The optional peer dependencies, and what each one is needed for. */
const OPTIONAL_PEERS: Readonly<Record<string, { readonly install: string; readonly for: string }>> =
  {
    hono: {
      install: 'hono @hono/node-server',
      for: 'the embedded sandbox (kyc-flow/sandbox, `kyc-flow sandbox`, `kyc-flow run` without --gateway)',
    },
    '@hono/node-server': {
      install: 'hono @hono/node-server',
      for: 'the embedded sandbox (kyc-flow/sandbox, `kyc-flow sandbox`, `kyc-flow run` without --gateway)',
    },
    bullmq: QUEUE,
    ioredis: QUEUE,
    undici: QUEUE,
    '@statelyai/inspect': {
      install: '@statelyai/inspect',
      for: 'the Stately inspector (`kyc-flow run --inspect`)',
    },
  };

/**
 * "install X to use Y" for an import that failed because an optional peer dependency is not
 * installed; `undefined` for any other error.
 */
export function missingPeerMessage(error: unknown): string | undefined {
  if (!(error instanceof Error) || !('code' in error) || error.code !== 'ERR_MODULE_NOT_FOUND') {
    return undefined;
  }
  const name = /Cannot find (?:package|module) '([^']+)'/.exec(error.message)?.[1];
  const peer = name === undefined ? undefined : OPTIONAL_PEERS[name];
  if (!peer) return undefined;
  return `${name} is not installed: it is needed for ${peer.for}. Install it: npm install ${peer.install}`;
}
