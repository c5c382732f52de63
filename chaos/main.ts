import { ChaosUsageError, chaosUsage, parseChaosOptions } from './options.js';
import { type ChaosReport, runChaos } from './run-chaos.js';

/** `npm run chaos -- --flows N --fault-rate R [--seed S] [--json]`; see `chaosUsage`. */
async function main(args: string[]): Promise<number> {
  let options: ReturnType<typeof parseChaosOptions>;
  try {
    options = parseChaosOptions(args);
  } catch (error) {
    if (!(error instanceof ChaosUsageError)) throw error;
    process.stderr.write(`chaos: ${error.message}\n${chaosUsage}\n`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(`${chaosUsage}\n`);
    return 0;
  }
  if (!options.json) {
    process.stderr.write(
      `chaos: ${options.flows} flows, fault rate ${options.faultRate}, seed ${options.seed}, speed ${options.speed}\n`,
    );
  }
  const report = await runChaos(options);
  process.stdout.write(options.json ? `${JSON.stringify(report)}\n` : describe(report));
  return report.ok ? 0 : 1;
}

function describe(report: ChaosReport): string {
  const lines = [
    `${report.ok ? 'PASS' : 'FAIL'}: ${report.completed}/${report.flows} flows reached their expected outcome in ${report.seconds} s`,
    `stuck ${report.stuck}, wrong outcome ${report.wrongOutcome}, duplicate effects ${report.duplicateEffects}, lost submissions ${report.lostSubmissions}`,
    `faults injected ${report.faultsInjected} of ${report.gatewayCalls} gateway calls; ${report.retries} resumes after suspension; ${report.otpResends} OTP resends`,
    ...Object.entries(report.byScenario).map(
      ([scenario, entry]) => `  ${scenario}: ${entry.completed}/${entry.flows}`,
    ),
    ...report.problems.map((problem) => `  ! ${problem}`),
  ];
  return `${lines.join('\n')}\n`;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `chaos: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
