import { useKycFlowContext } from 'kyc-flow/react';
import { useStepTrail } from './step-trail';
import { STEPS, type StepStatus, stepStatuses } from './steps';

/** Read after the step's name: a done step says so in words, not in colour alone. */
const SPOKEN: Record<StepStatus, string> = {
  done: ', done',
  current: '',
  skipped: ', not needed',
  upcoming: '',
};

function Mark({ status, number }: { status: StepStatus; number: number }) {
  if (status === 'done') {
    return (
      <svg className="mark" viewBox="0 0 24 24" aria-hidden="true">
        <circle cx="12" cy="12" r="11" />
        <path d="M7 12.5l3.2 3.2L17 9" />
      </svg>
    );
  }
  return (
    <span className="mark" aria-hidden="true">
      {status === 'skipped' ? '–' : number}
    </span>
  );
}

/** Where the customer is: every step named, done ones ticked and said to be done. */
export function Progress() {
  const flow = useKycFlowContext();
  const statuses = stepStatuses(useStepTrail(), flow);
  const current = statuses.indexOf('current');
  return (
    <nav className="progress" aria-label="Progress">
      <ol>
        {STEPS.map(([name, label], index) => {
          const status = statuses[index] ?? 'upcoming';
          return (
            <li
              key={name}
              className={status}
              data-status={status}
              aria-current={status === 'current' ? 'step' : undefined}
            >
              <Mark status={status} number={index + 1} />
              <span className="label">{label}</span>
              <span className="visually-hidden">{SPOKEN[status]}</span>
            </li>
          );
        })}
      </ol>
      {current >= 0 ? (
        <p className="progress-caption" aria-hidden="true">
          Step {current + 1} of {STEPS.length}: {STEPS[current]?.[1]}
        </p>
      ) : null}
    </nav>
  );
}
