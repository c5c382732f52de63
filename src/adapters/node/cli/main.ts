#!/usr/bin/env node
/**
 * `kyc-flow <command>`: each command lives in its own module and is loaded on demand, so
 * `kyc-flow diagram` never pays for the sandbox and `kyc-flow sandbox` never for the chart.
 */
import { redactText } from '../../../machine/redact.js';
import { missingPeerMessage } from '../missing-peer.js';
import { packageVersion } from '../package-version.js';
import { asksForJson, failWith } from './command-failure.js';
import { EXIT_CODES } from './exit-codes.js';
import { quietPipes } from './quiet-pipes.js';

const commands = {
  run: () => import('./run-command.js').then((m) => m.runCommand),
  sandbox: () => import('./sandbox-command.js').then((m) => m.sandboxCommand),
  diagram: () => import('./diagram-command.js').then((m) => m.diagramCommand),
  batch: () => import('./batch-command.js').then((m) => m.batchCommand),
  worker: () => import('./worker-command.js').then((m) => m.workerCommand),
  show: () => import('./show-command.js').then((m) => m.showCommand),
} as const;

const usage = `usage: kyc-flow <command> [options]

commands:
  run       run an onboarding headless (embedded sandbox unless a gateway is given)
  sandbox   serve the embedded sandbox gateway over HTTP
  diagram   print the onboarding chart as a Mermaid stateDiagram-v2
  batch     run many onboardings from an NDJSON file, here or through a Redis queue
  worker    run the onboardings of a Redis queue (BullMQ), beside other workers
  show      tell where the flow of a --state-file stands, sending nothing

kyc-flow <command> --help shows the options of a command; kyc-flow --version, the version.`;

const isCommand = (name: string | undefined): name is keyof typeof commands =>
  name !== undefined && Object.hasOwn(commands, name);

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === '--version' || name === '-v') {
    process.stdout.write(`${packageVersion()}\n`);
    return EXIT_CODES.approved;
  }
  if (name === '--help' || name === '-h') {
    process.stdout.write(`${usage}\n`);
    return EXIT_CODES.approved;
  }
  if (!isCommand(name)) {
    process.stderr.write(`${name ? `unknown command: ${name}\n` : ''}${usage}\n`);
    return EXIT_CODES.usage;
  }
  const command = await commands[name]();
  return command(args);
}

quietPipes();
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // Unforeseen, so not known to be free of personal data: emails and file URLs blotted out.
    const message =
      missingPeerMessage(error) ??
      redactText(error instanceof Error ? error.message : String(error));
    const args = process.argv.slice(2);
    failWith(args[0] ?? '', asksForJson(args))(EXIT_CODES.internal, message);
    process.exitCode = EXIT_CODES.internal;
  },
);
