import { useKycFlowContext } from 'kyc-flow/react';
import { type FormEvent, useState } from 'react';
import { StepHeading } from '../flow/StepHeading';
import { humanise } from '../words';

const SOURCES = [
  ['EMPLOYMENT', 'Employment'],
  ['BUSINESS', 'A business I own'],
  ['SAVINGS', 'Savings'],
  ['INHERITANCE', 'Inheritance'],
  ['INVESTMENTS', 'Investments'],
] as const;

/** The one form the sandbox asks for; other form ids get a free-text answer. */
function IndividualForm({
  onChange,
}: {
  readonly onChange: (data: Record<string, unknown>) => void;
}) {
  const [data, setData] = useState({
    field_source_of_funds: 'EMPLOYMENT',
    field_occupation: '',
    field_annual_income: '',
    field_is_pep: false,
  });
  const update = (patch: Partial<typeof data>) => {
    const next = { ...data, ...patch };
    setData(next);
    onChange(next);
  };
  return (
    <fieldset className="stack">
      <legend>About your finances</legend>
      <label>
        Where your money comes from
        <select
          value={data.field_source_of_funds}
          onChange={(e) => update({ field_source_of_funds: e.target.value })}
        >
          {SOURCES.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <label>
        Occupation
        <input
          required
          autoComplete="organization-title"
          value={data.field_occupation}
          onChange={(e) => update({ field_occupation: e.target.value })}
        />
      </label>
      <label>
        Annual income (SGD)
        <input
          required
          inputMode="numeric"
          pattern="[0-9]+"
          value={data.field_annual_income}
          onChange={(e) => update({ field_annual_income: e.target.value })}
        />
      </label>
      <label className="inline">
        <input
          type="checkbox"
          checked={data.field_is_pep}
          onChange={(e) => update({ field_is_pep: e.target.checked })}
        />
        I hold, or have held, a prominent public function
      </label>
    </fieldset>
  );
}

export function FormsStep() {
  const flow = useKycFlowContext();
  const formIds = flow.node?.config?.formIds ?? ['IndividualForm'];
  const [answers, setAnswers] = useState<Record<string, Record<string, unknown>>>({});
  const submitting = flow.state.endsWith('.submitting');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    flow.submitForms(
      (flow.forms?.missing ?? formIds).map((formId) => ({
        formId,
        formData: answers[formId] ?? {},
      })),
    );
  };
  return (
    <form className="stack" onSubmit={submit}>
      <StepHeading>A short form</StepHeading>
      {formIds.map((formId) =>
        formId === 'IndividualForm' ? (
          <IndividualForm
            key={formId}
            onChange={(data) => setAnswers((all) => ({ ...all, [formId]: data }))}
          />
        ) : (
          <label key={formId}>
            {humanise(formId)}
            <textarea
              required
              onChange={(e) =>
                setAnswers((all) => ({ ...all, [formId]: { answer: e.target.value } }))
              }
            />
          </label>
        ),
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={submitting}>
          {submitting ? 'Sending…' : 'Submit form'}
        </button>
      </div>
    </form>
  );
}
