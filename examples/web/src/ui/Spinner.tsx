/** A busy sign for the eyes only: the step's heading and the status line say what happens. */
export function Spinner() {
  return <span className="spinner" aria-hidden="true" />;
}
