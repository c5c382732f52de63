import { readFile, stat } from 'node:fs/promises';
import { isRecordingText, parseRecording, type Recording } from './replay-format.js';
import { parseScenarios, ScenarioError } from './scenario-schema.js';
import type { Scenario } from './types.js';

/** What a `--scenario-file` holds: custom scenarios (JSON), or a recording to replay (NDJSON). */
export type ScenarioSource =
  | { readonly kind: 'scenarios'; readonly scenarios: Scenario[] }
  | { readonly kind: 'recording'; readonly recording: Recording };

/**
 * Node only: reads a scenario file, telling a recording (its first line says
 * `"kind":"kyc-flow.recording"`) from scenarios. Throws `ScenarioError` or `RecordingError`
 * naming the file and what is wrong; a FIFO or a device is refused before it is read.
 */
export async function loadScenarioSource(path: string): Promise<ScenarioSource> {
  let text: string;
  try {
    if (!(await stat(path)).isFile()) throw new ScenarioError(`${path} is not a regular file`);
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (error instanceof ScenarioError) throw error;
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new ScenarioError(`cannot read scenario file ${path}: ${reason}`);
  }
  if (isRecordingText(text)) return { kind: 'recording', recording: parseRecording(text, path) };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ScenarioError(`${path}: neither JSON scenarios nor a kyc-flow recording`);
  }
  return { kind: 'scenarios', scenarios: parseScenarios(json, path) };
}
