import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryFlows, DEFAULT_LINK_TTL_MS } from '../../src/adapters/proxy/index.js';
import { manualClock } from './bindings-suite.js';
import {
  type Answer,
  authorizeDevices,
  callAs,
  clientOf,
  sampleSnapshot,
  startAsDesktop,
} from './handoff-support.js';
import { type ProxyHarness, startProxyHarness } from './harness.js';

const LEASE_MS = 60_000;
const clock = manualClock(Date.now());
/** Every value the flows store holds, raw, to look for what must not be there. */
const held: string[] = [];
/** Keys the store has no room for, while set: a full store, for the writes it names. */
let noRoomFor: RegExp | undefined;
/** Runs once, just before the next grant is written: a race in the store's own time. */
let beforeGrant: (() => Promise<void>) | undefined;
let harness: ProxyHarness;

beforeAll(async () => {
  const store = createMemoryFlows({ now: clock.now });
  harness = await startProxyHarness({
    proxy: {
      authorize: authorizeDevices(),
      flows: {
        read: (key) => store.read(key),
        take: (key) => store.take(key),
        write: async (key, value, keepMs, expected) => {
          if (noRoomFor?.test(key)) return 'full';
          const hook = key.startsWith('grant:') ? beforeGrant : undefined;
          if (hook) {
            beforeGrant = undefined;
            await hook();
          }
          held.push(value);
          return store.write(key, value, keepMs, expected);
        },
      },
      handoff: { now: clock.now, leaseMs: LEASE_MS },
    },
  });
});
afterAll(() => harness.close());

let customers = 0;
/** A desktop flow kept on the server, and a link to it. */
const handedOff = async () => {
  customers += 1;
  const customerId = `C_handoff_${customers}+minimal`;
  const email = `jane.${customers}@example.com`;
  const executionId = await startAsDesktop(harness, customerId);
  const snapshot = sampleSnapshot(executionId, email);
  const saved = await callAs(harness, 'desktop', 'flow.save', {
    executionId,
    key: `kyc-flow:${customerId}`,
    snapshot,
  });
  expect(saved.envelope.apiCode).toBe(200);
  const link = await callAs(harness, 'desktop', 'handoff.create', { executionId });
  const { token } = link.envelope.data as { token: string; expiresAt: number };
  return { customerId, email, executionId, token };
};

/** Arrays `depth` deep: `[[[…]]]`. */
const nested = (depth: number): unknown => {
  let value: unknown = [];
  for (let level = 1; level < depth; level += 1) value = [value];
  return value;
};

/** A child actor's snapshot holding a child, `depth` times over. */
const nestedChildren = (depth: number): unknown => {
  let children: unknown = {};
  for (let level = 0; level < depth; level += 1) children = { a: { snapshot: { children } } };
  return children;
};

/** What a refused redeem answers: the same status and bytes whatever the reason. */
const refusalOf = (answer: Answer) => ({ status: answer.status, text: answer.text });
let firstRefusal: { status: number; text: string } | undefined;
const expectRefused = (answer: Answer, secrets: readonly string[]) => {
  expect(answer.status).toBe(403);
  expect(answer.envelope).toEqual({
    apiCode: 999303,
    apiMsg: expect.stringMatching(/^PROXY_HANDOFF_REFUSED/),
    data: null,
  });
  firstRefusal ??= refusalOf(answer);
  expect(refusalOf(answer)).toEqual(firstRefusal);
  for (const secret of secrets) expect(answer.text).not.toContain(secret);
};

describe('a handoff link', () => {
  it('is a random 256-bit token, redeemed once: a second use, by the phone or anyone else, is refused alike', async () => {
    const { token, executionId, email, customerId } = await handedOff();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const redeemed = await callAs(harness, 'phone', 'handoff.redeem', { token });
    expect(redeemed.status).toBe(200);
    expect(redeemed.envelope.data).toMatchObject({
      snapshot: { snapshot: { context: { executionId } } },
    });
    const secrets = [executionId, email, customerId, token];
    expectRefused(await callAs(harness, 'phone', 'handoff.redeem', { token }), secrets);
    expectRefused(await callAs(harness, 'mallory', 'handoff.redeem', { token }), secrets);
    expectRefused(
      await callAs(harness, 'mallory', 'handoff.redeem', { token: token.replace(/.$/, 'A') }),
      secrets,
    );
    expectRefused(await callAs(harness, 'mallory', 'handoff.redeem', { token: 'x' }), secrets);
  });

  it('expires: past its few minutes it is refused like any other', async () => {
    const { token, executionId, email } = await handedOff();
    clock.advance(DEFAULT_LINK_TTL_MS + 1);
    expectRefused(await callAs(harness, 'phone', 'handoff.redeem', { token }), [
      executionId,
      email,
    ]);
  });

  it('is refused once revoked, once replaced by a newer link, and to the session that made it', async () => {
    const first = await handedOff();
    await callAs(harness, 'desktop', 'handoff.revoke', { executionId: first.executionId });
    expectRefused(await callAs(harness, 'phone', 'handoff.redeem', { token: first.token }), []);

    const second = await handedOff();
    const newer = await callAs(harness, 'desktop', 'handoff.create', {
      executionId: second.executionId,
    });
    expectRefused(await callAs(harness, 'phone', 'handoff.redeem', { token: second.token }), []);
    const { token } = newer.envelope.data as { token: string };
    expectRefused(await callAs(harness, 'desktop', 'handoff.redeem', { token }), []);
    // The maker opening it spends nothing: the phone still can.
    expect((await callAs(harness, 'phone', 'handoff.redeem', { token })).status).toBe(200);
  });

  it('hands over that one execution only, to one device at a time, until it is handed back', async () => {
    const other = await startAsDesktop(harness, `C_handoff_other_${customers}+minimal`);
    const { token, executionId } = await handedOff();
    await callAs(harness, 'phone', 'handoff.redeem', { token });
    const phone = clientOf(harness, 'phone');
    const desktop = clientOf(harness, 'desktop');

    expect((await phone.getExecution({ executionId })).executionId).toBe(executionId);
    await expect(phone.getExecution({ executionId: other })).rejects.toMatchObject({
      message: expect.stringMatching(/PROXY_FOREIGN_EXECUTION/),
    });
    // The desktop, meanwhile, neither reads nor writes it: nothing the two send can collide.
    await expect(desktop.getExecution({ executionId })).rejects.toMatchObject({
      message: expect.stringMatching(/PROXY_DRIVEN_ELSEWHERE/),
    });
    expect((await desktop.getExecution({ executionId: other })).executionId).toBe(other);
    const watched = await callAs(harness, 'desktop', 'flow.load', {
      key: `kyc-flow:C_handoff_${customers}+minimal`,
    });
    expect(watched.envelope.data).toMatchObject({ drivenElsewhere: true, taken: 1 });

    await callAs(harness, 'phone', 'handoff.return', { executionId });
    // The desktop learns that another device had it, however quickly it came back.
    const after = await callAs(harness, 'desktop', 'flow.load', {
      key: `kyc-flow:C_handoff_${customers}+minimal`,
    });
    expect(after.envelope.data).toMatchObject({ drivenElsewhere: false, taken: 1 });
    await expect(phone.getExecution({ executionId })).rejects.toMatchObject({
      message: expect.stringMatching(/PROXY_FOREIGN_EXECUTION/),
    });
    expect((await desktop.getExecution({ executionId })).executionId).toBe(executionId);
    expect((await callAs(harness, 'phone', 'flow.load', {})).envelope.data).toBeNull();
  });

  it('goes back to the desktop when the phone falls silent, or at once when the desktop takes it back', async () => {
    const silent = await handedOff();
    await callAs(harness, 'phone', 'handoff.redeem', { token: silent.token });
    const heartbeat = await callAs(harness, 'phone', 'flow.save', {
      executionId: silent.executionId,
    });
    expect(heartbeat.envelope.data).toEqual({ kept: true });
    clock.advance(LEASE_MS + 1);
    const desktop = clientOf(harness, 'desktop');
    expect((await desktop.getExecution({ executionId: silent.executionId })).status).toBeDefined();
    const late = await callAs(harness, 'phone', 'flow.save', { executionId: silent.executionId });
    expect(late.envelope.apiMsg).toMatch(/^PROXY_FOREIGN_EXECUTION/);

    const taken = await handedOff();
    await callAs(harness, 'phone', 'handoff.redeem', { token: taken.token });
    await callAs(harness, 'desktop', 'handoff.revoke', { executionId: taken.executionId });
    await expect(
      clientOf(harness, 'phone').getExecution({ executionId: taken.executionId }),
    ).rejects.toMatchObject({ message: expect.stringMatching(/PROXY_FOREIGN_EXECUTION/) });
  });
});

describe('a link taken back while it is being redeemed', () => {
  it('hands the redeemer nothing: no snapshot, no grant, no call', async () => {
    const { token, executionId, email } = await handedOff();
    beforeGrant = async () => {
      await callAs(harness, 'desktop', 'handoff.revoke', { executionId });
    };
    const redeemed = await callAs(harness, 'phone', 'handoff.redeem', { token });
    expectRefused(redeemed, [email, executionId]);
    await expect(clientOf(harness, 'phone').getExecution({ executionId })).rejects.toMatchObject({
      message: expect.stringMatching(/PROXY_FOREIGN_EXECUTION/),
    });
    expect((await callAs(harness, 'phone', 'flow.load', {})).envelope.data).toBeNull();
    // The desktop drives on.
    expect((await clientOf(harness, 'desktop').getExecution({ executionId })).executionId).toBe(
      executionId,
    );
  });
});

describe('kept flows', () => {
  it('hold no OTP code, and the store holds them sealed: no email, no id, no code in it', async () => {
    const { executionId, email, customerId, token } = await handedOff();
    const loaded = await callAs(harness, 'desktop', 'flow.load', {
      key: `kyc-flow:${customerId}`,
    });
    const kept = JSON.stringify(loaded.envelope.data);
    expect(kept).toContain(email);
    expect(kept).not.toContain('123456');
    expect(kept).not.toContain('"code"');
    const everything = held.join('\n');
    for (const secret of [email, executionId, customerId, token, '123456']) {
      expect(everything).not.toContain(secret);
    }
  });

  it('are served only to the caller who keeps them: another session with the same key finds nothing', async () => {
    const { customerId, executionId } = await handedOff();
    const key = `kyc-flow:${customerId}`;
    expect((await callAs(harness, 'mallory', 'flow.load', { key })).envelope.data).toBeNull();
    const forged = await callAs(harness, 'mallory', 'flow.save', {
      executionId,
      key,
      snapshot: sampleSnapshot(executionId, 'mallory@example.com'),
    });
    expect(forged.envelope.apiMsg).toMatch(/^PROXY_FOREIGN_EXECUTION/);
    const stolen = await callAs(harness, 'mallory', 'handoff.create', { executionId });
    expect(stolen.envelope.apiMsg).toMatch(/^PROXY_FOREIGN_EXECUTION/);
  });

  it('are refused from another site, and as anything but a snapshot of their execution', async () => {
    const { executionId, customerId } = await handedOff();
    const crossSite = await callAs(
      harness,
      'desktop',
      'flow.save',
      { executionId, snapshot: sampleSnapshot(executionId, 'x@example.com') },
      { 'sec-fetch-site': 'cross-site', origin: 'https://elsewhere.example' },
    );
    expect(crossSite.envelope.apiMsg).toMatch(/^PROXY_CROSS_ORIGIN/);
    const other = await callAs(harness, 'desktop', 'flow.save', {
      executionId,
      snapshot: sampleSnapshot('E_someone_else', 'x@example.com'),
    });
    expect(other.envelope.apiMsg).toMatch(/^PROXY_INVALID_BODY/);
    // What a page could not restore is refused as a body, never kept, never a 500.
    const sample = sampleSnapshot(executionId, 'x@example.com').snapshot;
    const { value: _value, ...valueless } = sample;
    const unrestorable = [
      valueless,
      { ...sample, value: 42 },
      { ...sample, children: { verify: null } },
      { ...sample, children: { verify: { snapshot: { children: { inner: 'x' } } } } },
      { ...sample, children: [] },
      // Nested past any flow's depth (a recursive check would run out of stack: a 500).
      { ...sample, context: { executionId, deep: nested(2_000) } },
      { ...sample, children: nestedChildren(700) },
    ];
    for (const snapshot of unrestorable) {
      const saved = await callAs(harness, 'desktop', 'flow.save', {
        executionId,
        snapshot: { version: 1, snapshot },
      });
      expect([saved.status, saved.envelope.apiMsg]).toEqual([
        400,
        expect.stringMatching(/^PROXY_INVALID_BODY/),
      ]);
    }
    // The flow kept before is still the one served.
    const kept = await callAs(harness, 'desktop', 'flow.load', { key: `kyc-flow:${customerId}` });
    expect(kept.envelope.data).toMatchObject({
      snapshot: { snapshot: { value: { flow: 'verifying' }, context: { executionId } } },
    });
  });
});

describe('a full flows store', () => {
  const busy = (answer: Answer) => [answer.status, answer.envelope.apiMsg];
  const BUSY = [503, expect.stringMatching(/^PROXY_BUSY/)];
  afterEach(() => {
    noRoomFor = undefined;
  });

  it('answers busy when a flow cannot be kept under its key, never kept-and-lost', async () => {
    const { executionId } = await handedOff();
    noRoomFor = /^slot:/;
    const saved = await callAs(harness, 'desktop', 'flow.save', { executionId, key: 'new-key' });
    expect(busy(saved)).toEqual(BUSY);
  });

  it('answers busy, not "driven elsewhere", when a link cannot be made; hands out no token it did not keep', async () => {
    const { executionId } = await handedOff();
    for (const full of [/^handoff:/, /^link:/]) {
      noRoomFor = full;
      const link = await callAs(harness, 'desktop', 'handoff.create', { executionId });
      expect(busy(link)).toEqual(BUSY);
      expect(link.text).not.toMatch(/token/);
    }
  });

  it('answers busy when the phone cannot be granted the flow, and the desktop keeps driving it', async () => {
    const { executionId, token } = await handedOff();
    noRoomFor = /^grant:/;
    expect(busy(await callAs(harness, 'phone', 'handoff.redeem', { token }))).toEqual(BUSY);
    noRoomFor = undefined;
    const loaded = await callAs(harness, 'desktop', 'flow.load', {
      key: `kyc-flow:C_handoff_${customers}+minimal`,
    });
    expect(loaded.envelope.data).toMatchObject({ drivenElsewhere: false });
    await expect(clientOf(harness, 'desktop').getExecution({ executionId })).resolves.toMatchObject(
      { executionId },
    );
  });
});

describe('flows one caller keeps', () => {
  let own: ProxyHarness;
  beforeAll(async () => {
    own = await startProxyHarness({
      proxy: {
        authorize: authorizeDevices(),
        // The default kept-flow quota (3), every other quota generous.
        quotas: { bindingsPerCaller: 10_000, callsPerMinute: 1_000_000 },
      },
    });
  });
  afterAll(() => own.close());

  it('are at most three at once: a fourth is refused until one is forgotten; a kept one is still saved', async () => {
    const save = (executionId: string, key: string) =>
      callAs(own, 'desktop', 'flow.save', {
        executionId,
        key,
        snapshot: sampleSnapshot(executionId, `${key}@example.com`),
      });
    const executions: string[] = [];
    for (let index = 1; index <= 4; index += 1) {
      executions.push(await startAsDesktop(own, `C_kept_${index}+minimal`));
    }
    const [first, second, third, fourth] = executions as [string, string, string, string];
    for (const [index, executionId] of [first, second, third].entries()) {
      expect((await save(executionId, `k${index}`)).status).toBe(200);
    }
    const refused = await save(fourth, 'k3');
    expect([refused.status, refused.envelope.apiMsg]).toEqual([
      403,
      expect.stringMatching(/^PROXY_QUOTA_EXCEEDED/),
    ]);
    // A flow already kept is saved again as often as the page likes.
    expect((await save(second, 'k1')).status).toBe(200);
    await callAs(own, 'desktop', 'flow.forget', { key: 'k0' });
    expect((await save(fourth, 'k3')).status).toBe(200);
  });
});
