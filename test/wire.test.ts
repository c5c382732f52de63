import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { methods, nodeKindOf } from '../src/services/wire/index.js';

describe('wire contract', () => {
  const particulars = methods['workflow.kyc.particular.data'].request;
  const node = {
    executionId: 'exec-1',
    callbackKey: 'kyc:particular:exec-1:1',
    referenceId: 'ref-1',
  };

  it('encodes JSON string fields as strings, as the guide demands', () => {
    const wire = z.encode(particulars, {
      ...node,
      personData: { name: 'John Smith', dateOfBirth: '1990-01-15', nationality: 'SG' },
    });
    expect(typeof wire.personData).toBe('string');
    expect(JSON.parse(wire.personData)).toEqual({
      name: 'John Smith',
      dateOfBirth: '1990-01-15',
      nationality: 'SG',
    });
  });

  it('turns bad JSON in a JSON string field into an issue naming the field, not a throw', () => {
    const result = z.safeDecode(particulars, { ...node, personData: '{not json' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['personData']);
  });

  it('refuses a JSON string field sent as a nested object', () => {
    const result = z.safeDecode(particulars, {
      ...node,
      personData: { name: 'John Smith' } as unknown as string,
    });
    expect(result.success).toBe(false);
  });

  it('maps every documented node type to a kind and leaves unknown types unmapped', () => {
    expect(nodeKindOf('flow_action_validate_phone')).toBe('phoneOtp');
    expect(nodeKindOf('flow_action_something_new')).toBeUndefined();
  });
});
