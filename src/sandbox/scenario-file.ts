import { readFile } from 'node:fs/promises';
import { parseScenarios, ScenarioError } from './scenario-schema.js';
import type { Scenario } from './types.js';

/** Node only: reads custom scenarios from a JSON file (one scenario or a list). */
export async function loadScenarioFile(path: string): Promise<Scenario[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ScenarioError(`cannot read scenario file ${path}: ${reason}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ScenarioError(`${path}: not valid JSON (${reason})`);
  }
  return parseScenarios(json, path);
}
