import type { SandboxCredentials, SandboxOptions } from '../src/sandbox/types.js';

/** The sandbox options that cross a process boundary (plain data: no clock, no scenario object). */
export interface RemoteSandboxOptions extends Pick<SandboxOptions, 'speed' | 'seed' | 'faults'> {
  readonly scenario?: string;
}

/** What the bench asks the sandbox process (see `sandbox-process.ts`). */
export type SandboxRequest =
  | { readonly id: number; readonly type: 'start'; readonly options: RemoteSandboxOptions }
  | { readonly id: number; readonly type: 'close' };

/** What it answers, with the id of the request (0: the process is ready). */
export type SandboxReply =
  | { readonly id: number; readonly type: 'ready' }
  | {
      readonly id: number;
      readonly type: 'started';
      readonly gatewayUrl: string;
      readonly storageUrl: string;
      readonly credentials: SandboxCredentials;
    }
  | { readonly id: number; readonly type: 'closed'; readonly cpuMs: number }
  | { readonly id: number; readonly type: 'failed'; readonly message: string };
