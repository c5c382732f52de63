import { EXIT_CODES, type ExitCode } from './exit-codes.js';
import { printable } from './printable.js';
import type { TextOutput } from './reporter.js';
import { scrubValues } from './scrub-values.js';

/** A command's error as `--json` writes it on stdout: one line a script parses like the rest. */
export interface JsonFailure {
  readonly type: 'error';
  /** The exit code's name in the README's table, in capitals: `USAGE`, `SUSPENDED`, `INTERNAL`. */
  readonly code: string;
  readonly exitCode: ExitCode;
  readonly message: string;
}

/** `profileCannotAnswer` → `PROFILE_CANNOT_ANSWER`. */
const CODE_NAMES = new Map<number, string>(
  Object.entries(EXIT_CODES).map(([name, exit]) => [
    exit,
    name.replace(/[A-Z]/g, (letter) => `_${letter}`).toUpperCase(),
  ]),
);

/**
 * Whether the command line asks for JSON: read from the arguments as given, so that an
 * error in the options themselves (an unknown flag beside `--json`) is JSON too.
 */
export const asksForJson = (args: readonly string[]): boolean => {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).includes('--json');
};

export interface FailureOutputs {
  readonly out?: TextOutput;
  readonly err?: TextOutput;
  /** Keeps the profile's values out of the JSON line's strings (see `scrubValues`). */
  readonly scrub?: (text: string) => string;
}

/**
 * How `kyc-flow <command>` stops short: the message on stderr as always (`kyc-flow run: …`,
 * with any hint on the lines after), and with `--json` also one `JsonFailure` line on stdout,
 * so that a script reading stdout never meets plain text. Returns the exit code.
 */
export function failWith(command: string, json: boolean, outputs: FailureOutputs = {}) {
  const { out = process.stdout, err = process.stderr, scrub } = outputs;
  return (exitCode: ExitCode, message: string, hint?: string): ExitCode => {
    err.write(`kyc-flow${command ? ` ${command}` : ''}: ${message}\n${hint ? `${hint}\n` : ''}`);
    if (json) {
      const failure: JsonFailure = {
        type: 'error',
        code: CODE_NAMES.get(exitCode) ?? 'INTERNAL',
        exitCode,
        message,
      };
      const shown = scrub ? scrubValues(failure, scrub) : failure;
      out.write(`${printable(JSON.stringify(shown))}\n`);
    }
    return exitCode;
  };
}
