import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSandboxGateway,
  loadScenarioFile,
  ScenarioError,
  startSandbox,
} from '../../src/sandbox/index.js';
import { bodies, harness, refOf } from './harness.js';

const example = fileURLToPath(
  new URL('../../examples/scenarios/quick-review.json', import.meta.url),
);

describe('custom scenarios from a JSON file', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kyc-scenarios-'));
  });
  const file = async (name: string, content: unknown) => {
    const path = join(dir, name);
    await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content));
    return path;
  };

  it('loads the example file', async () => {
    const scenarios = await loadScenarioFile(example);
    expect(scenarios.map((s) => s.name)).toEqual(['quick-review', 'two-forms']);
  });

  it('runs a loaded scenario: its nodes, its configs, an OCR retake, a review', async () => {
    const h = await harness({
      scenarios: await loadScenarioFile(example),
      scenario: 'quick-review',
    });
    try {
      const executionId = await h.begin('C_file');
      await h.client.data(
        'workflow.kyc.particular.data',
        bodies.particulars(refOf(await h.settle(executionId))),
      );
      const identity = await h.settle(executionId);
      expect(identity.currentNode?.config).toEqual({
        acceptedDocumentTypes: ['NATIONAL_ID', 'INTERNATIONAL_PASSPORT'],
        region: 'SG',
      });
      await h.client.data('workflow.kyc.ocr', bodies.ocr(refOf(identity), 'NATIONAL_ID'));
      const retake = await h.settle(executionId);
      expect(retake.currentNode?.callbackKey).not.toBe(identity.currentNode?.callbackKey);
      await h.client.data('workflow.kyc.ocr', bodies.ocr(refOf(retake), 'NATIONAL_ID'));
      expect((await h.settle(executionId)).currentNode?.nodeType).toBe('flow_action_manual_review');
      h.sandbox.admin.decideReview(executionId, 'APPROVED');
      expect(await h.settle(executionId)).toMatchObject({
        status: 'COMPLETED',
        result: { decision: 'APPROVED' },
      });
    } finally {
      await h.sandbox.close();
    }
  });

  it('a node type the client does not know waits like a review, and a tag selects a custom scenario', async () => {
    const h = await harness({
      scenarios: [{ name: 'novel', steps: ['flow_action_video_call'], outcome: 'REJECTED' }],
    });
    try {
      const executionId = await h.begin('C_1+novel');
      expect((await h.settle(executionId)).currentNode?.nodeType).toBe('flow_action_video_call');
      h.sandbox.admin.decideReview(executionId, 'APPROVED');
      expect(await h.settle(executionId)).toMatchObject({
        status: 'COMPLETED',
        result: { decision: 'REJECTED' },
      });
    } finally {
      await h.sandbox.close();
    }
  });

  it('names every problem of an invalid file with its path', async () => {
    const path = await file('bad.json', [
      {
        name: 'Bad Name',
        steps: ['particulars', 'telepathy', { node: 'liveness', ocrFailures: 1 }],
        outcome: 'MAYBE',
      },
    ]);
    const error = await loadScenarioFile(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScenarioError);
    const message = (error as Error).message;
    expect(message).toContain(path);
    expect(message).toContain('[0].name');
    expect(message).toContain('[0].steps[1]');
    expect(message).toContain('[0].outcome');
    expect(message).toContain('APPROVED');
  });

  it('refuses ocrFailures outside the identity document, unknown fields, built-in and duplicate names', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [
        { name: 'x', steps: [{ node: 'liveness', ocrFailures: 1 }], outcome: 'APPROVED' },
        /ocrFailures/,
      ],
      [{ name: 'x', steps: [], outcome: 'APPROVED', speed: 2 }, /speed/],
      [{ name: 'full', steps: [], outcome: 'APPROVED' }, /built in/],
      [
        [
          { name: 'twin', steps: [], outcome: 'APPROVED' },
          { name: 'twin', steps: [], outcome: 'REJECTED' },
        ],
        /twice/,
      ],
    ];
    for (const [content, pattern] of cases) {
      await expect(loadScenarioFile(await file('case.json', content))).rejects.toThrow(pattern);
    }
  });

  it('says so when the file is missing or not JSON', async () => {
    await expect(loadScenarioFile(join(dir, 'missing.json'))).rejects.toThrow(/cannot read/);
    await expect(loadScenarioFile(await file('text.json', 'steps: [a]'))).rejects.toThrow(
      /not valid JSON/,
    );
  });

  it('refuses an unknown default scenario or an invalid inline one at start', async () => {
    expect(() => createSandboxGateway({ scenario: 'nope' })).toThrow(/unknown scenario "nope"/);
    await expect(
      startSandbox({ scenario: { name: 'x', steps: ['nope'], outcome: 'APPROVED' } }),
    ).rejects.toThrow(ScenarioError);
  });

  afterAll(() => undefined);
});
