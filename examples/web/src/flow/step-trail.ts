import { useKycFlowContext } from 'kyc-flow/react';
import { useEffect, useState } from 'react';
import { useDemo } from '../demo-context';
import { readNote, writeNote } from '../saved';
import { currentStep } from './steps';

/** The progress steps an execution has shown, and those it has moved on from. */
export interface StepTrail {
  readonly visited: readonly string[];
  readonly done: readonly string[];
}

const EMPTY: StepTrail = { visited: [], done: [] };
const keyOf = (executionId: string) => `kyc-demo:steps:${executionId}`;

/**
 * The next trail for the flow's step. The flow moves to another node (or back to
 * polling) only once it has answered the one it was at, so every step seen before then
 * is done; an ending (cancelled, expired) leaves the step it was at undone.
 */
export function nextTrail(trail: StepTrail, step: string): StepTrail {
  const at = currentStep(step);
  if (!at && step !== 'polling') return trail;
  const visited = at && !trail.visited.includes(at) ? [...trail.visited, at] : trail.visited;
  const done = visited.filter((name) => name !== at);
  const same = visited.length === trail.visited.length && done.length === trail.done.length;
  return same ? trail : { visited, done };
}

/**
 * The trail of this execution, kept beside the saved flow so that a reload (or a moment
 * between steps) still shows done steps as done; forgotten when the flow ends.
 */
export function useStepTrail(): StepTrail {
  const { storage } = useDemo();
  const { executionId, step, done } = useKycFlowContext();
  const [trail, setTrail] = useState<StepTrail>(EMPTY);

  useEffect(() => {
    setTrail(executionId ? readNote(storage, keyOf(executionId), EMPTY) : EMPTY);
  }, [storage, executionId]);

  useEffect(() => {
    if (!executionId) return;
    if (done) {
      storage.removeItem(keyOf(executionId));
      return;
    }
    setTrail((known) => {
      const next = nextTrail(known, step);
      if (next !== known) writeNote(storage, keyOf(executionId), next);
      return next;
    });
  }, [storage, executionId, step, done]);
  return trail;
}
