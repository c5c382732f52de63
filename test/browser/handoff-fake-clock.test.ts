import { afterEach, beforeAll, beforeEach, expect, it, vi } from 'vitest';
import {
  type BrowserFlow,
  type BrowserFlowView,
  type CustomerFlowOptions,
  createBrowserFlow,
  type HandedOverFlowOptions,
} from '../../src/adapters/browser/index.js';
import { createGatewayProxy, type GatewayProxy } from '../../src/adapters/proxy/index.js';
import { createSandboxGateway } from '../../src/sandbox/index.js';
import { fakeClockSteps } from '../support/fake-clock-steps.js';

/**
 * A handoff on a fake clock, the two devices, the proxy and the sandbox gateway talking in
 * process, fetch to fetch: the phone takes its step and hands back before the computer's
 * next look at the kept flow, which must still carry on from where the phone got to.
 */

const SPEED = 100;
const JANE = { name: 'Jane Doe', dateOfBirth: '1990-01-15', nationality: 'SG' };

let proxy: GatewayProxy;
let gateway: ReturnType<typeof createSandboxGateway>;

// The kept flow's code loads on demand: loaded once here, it is there as soon as a flow asks.
beforeAll(() => import('../../src/adapters/browser/server-side.js'));
let inFlight = 0;
const flows: BrowserFlow[] = [];

beforeEach(() => {
  vi.useFakeTimers({
    toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
  });
  gateway = createSandboxGateway({ seed: 5, speed: SPEED });
  const { apiKey, apiSecret, domainId } = gateway.credentials;
  proxy = createGatewayProxy({
    gatewayUrl: 'https://sandbox.test/gateway',
    apiKey,
    apiSecret,
    domainId,
    authorize: (request) => {
      const device = request.headers.get('x-device');
      return device ? { callerId: `session-${device}` } : null;
    },
    claimCustomers: 'first-caller',
    fetch: async (input, init) => gateway.app.fetch(new Request(input, init)),
  });
});
afterEach(() => {
  for (const flow of flows.splice(0)) flow.stop();
  vi.useRealTimers();
});

/**
 * A page of `device` (its own session): its flow's fetch is the proxy, in process, unless
 * `answer` answers some calls itself.
 */
const pageFlow = (
  device: string,
  options:
    | Pick<CustomerFlowOptions, 'customer' | 'storage'>
    | Pick<HandedOverFlowOptions, 'handoff'>,
  answer: (request: Request) => Promise<Response> = proxy,
) => {
  const flow = createBrowserFlow({
    proxyUrl: 'https://app.test/api/kyc',
    headers: { 'x-device': device },
    fetch: async (input, init) => {
      inFlight += 1;
      try {
        return await answer(new Request(input, init));
      } finally {
        inFlight -= 1;
      }
    },
    polling: { jitter: 0, timeScale: SPEED },
    retry: { limit: 0 },
    // No page here: the link's address is the host's to give.
    handoffUrl: (token) => `https://app.test/kyc#kyc-handoff=${token}`,
    ...options,
  });
  flows.push(flow);
  return flow.run();
};

const isAway = (view: BrowserFlowView) => view.handoffState?.status === 'away';

const { stepUntil } = fakeClockSteps(() => inFlight);

it('a link used and handed back between two looks of the computer: it carries on from where the phone got to', async () => {
  const desktop = pageFlow('desktop', {
    customer: { customerId: 'C_quick+minimal', email: 'quick@example.com' },
    storage: 'server',
  });
  const waiting = await stepUntil(desktop, (view) => view.step === 'particulars');
  const link = await desktop.handoff({ steps: ['particulars'] });
  const offeredAt = Date.now();

  const phone = pageFlow('phone', { handoff: link.token });
  await stepUntil(phone, (view) => view.step === 'particulars');
  phone.actions.submitParticulars(JANE);
  const returned = await stepUntil(phone, (view) => view.handoffState?.status === 'returned');
  expect(returned.step).toBe('liveness');
  // All of it before the computer looked again at the kept flow.
  expect(Date.now() - offeredAt).toBeLessThan(2_000);
  expect(desktop.getView().handoffState?.status).toBe('offered');

  // Its next look finds the link gone: not expired, used, and the flow moved on.
  const carriedOn = await stepUntil(desktop, (view) => view.handoffState?.status !== 'offered');
  expect(carriedOn).toMatchObject({ step: 'liveness', executionId: waiting.executionId });
  expect(carriedOn.handoffState).toBeUndefined();
  expect(carriedOn.drivenElsewhere).toBeUndefined();
});

it('discard() on the phone ("start over") hands the flow back and starts nothing there', async () => {
  const desktop = pageFlow('desktop', {
    customer: { customerId: 'C_discard+minimal', email: 'discard@example.com' },
    storage: 'server',
  });
  const waiting = await stepUntil(desktop, (view) => view.step === 'particulars');
  const link = await desktop.handoff();
  const phone = pageFlow('phone', { handoff: link.token });
  await stepUntil(phone, (view) => view.handoffState?.status === 'here');
  const before = gateway.stats();

  phone.discard();
  const after = await stepUntil(phone, (view) => view.handoffState?.status === 'returned');
  expect(after).toMatchObject({ step: 'idle', drivenElsewhere: true });
  const back = await stepUntil(desktop, (view) => !view.handoffState && !view.drivenElsewhere);
  expect(back).toMatchObject({ step: 'particulars', executionId: waiting.executionId });
  expect(gateway.stats().registrations).toBe(before.registrations);
  expect(gateway.stats().calls['workflow.applicant.register']).toBe(
    before.calls['workflow.applicant.register'],
  );
});

it('a page that submits just after its link was opened follows the phone: the refusal never reaches its flow, which is never suspended', async () => {
  const desktop = pageFlow('desktop', {
    customer: { customerId: 'C_race+minimal', email: 'race@example.com' },
    storage: 'server',
  });
  await stepUntil(desktop, (view) => view.step === 'particulars');
  const link = await desktop.handoff({ steps: ['particulars'] });
  const phone = pageFlow('phone', { handoff: link.token });
  await stepUntil(phone, (view) => view.handoffState?.status === 'here');
  const submissions = () => gateway.stats().calls['workflow.kyc.particular.data'] ?? 0;
  const before = submissions();
  const suspensions: unknown[] = [];
  const views: BrowserFlowView[] = [];
  desktop.on('suspended', (event) => suspensions.push(event));
  desktop.subscribe((view) => views.push(view));

  // The person at the computer answers before the computer's next look at the kept flow.
  expect(desktop.getView().handoffState?.status).toBe('offered');
  desktop.actions.submitParticulars(JANE);
  const away = await stepUntil(desktop, (view) => view.handoffState?.status === 'away');

  expect(away).toMatchObject({ step: 'particulars', drivenElsewhere: true });
  expect(suspensions).toEqual([]);
  expect(views.filter((view) => view.step === 'suspended' || view.error)).toEqual([]);
  expect(submissions()).toBe(before);

  // The phone answers and hands back; the computer carries on from there.
  phone.actions.submitParticulars(JANE);
  const back = await stepUntil(desktop, (view) => !view.drivenElsewhere);
  expect(back).toMatchObject({ step: 'liveness', handoffState: undefined });
  expect(submissions()).toBe(before + 1);
  // Away and back, each in one view: never the phone's progress without "away", or the reverse.
  expect(views.filter((view) => !view.drivenElsewhere !== !isAway(view))).toEqual([]);
});

it('a refusal the look does not explain (nobody else drives) reaches the flow as it is: suspended, not held for ever', async () => {
  let loads = 0;
  const desktop = pageFlow(
    'desktop',
    { customer: { customerId: 'C_odd+minimal', email: 'odd@example.com' }, storage: 'server' },
    async (request) => {
      const api = new URL(request.url).searchParams.get('api');
      if (api === 'flow.load') loads += 1;
      if (api !== 'workflow.kyc.particular.data') return proxy(request);
      const refusal = { apiCode: 999000, apiMsg: 'PROXY_DRIVEN_ELSEWHERE: odd', data: null };
      return Response.json(refusal, { status: 409 });
    },
  );
  await stepUntil(desktop, (view) => view.step === 'particulars');
  const loadsBefore = loads;
  desktop.actions.submitParticulars(JANE);
  const suspended = await stepUntil(desktop, (view) => view.step === 'suspended');
  expect(suspended.error?.message).toContain('PROXY_DRIVEN_ELSEWHERE');
  expect(suspended.drivenElsewhere).toBeUndefined();
  // It looked once at the kept flow before letting the refusal through.
  expect(loads - loadsBefore).toBe(1);
});

it("the phone goes from taking the flow to driving it, and to 'ended' when the computer takes it back, in one view each", async () => {
  const desktop = pageFlow('desktop', {
    customer: { customerId: 'C_takeback+minimal', email: 'takeback@example.com' },
    storage: 'server',
  });
  await stepUntil(desktop, (view) => view.step === 'particulars');
  const link = await desktop.handoff({ steps: ['particulars'] });
  const phone = pageFlow('phone', { handoff: link.token });
  const views: BrowserFlowView[] = [];
  phone.subscribe((view) => views.push(view));
  await stepUntil(phone, (view) => view.handoffState?.status === 'here');
  const submissions = () => gateway.stats().calls['workflow.kyc.particular.data'] ?? 0;
  const before = submissions();

  await desktop.takeBack();
  phone.actions.submitParticulars(JANE);
  const ended = await stepUntil(phone, (view) => view.handoffState?.status === 'ended');
  expect(ended).toMatchObject({ step: 'particulars', drivenElsewhere: true });
  expect(submissions()).toBe(before);
  // Driving here exactly while 'here': no view of the kept flow with a status of before.
  // While 'here' it shows the flow it took (not the blank one it opened with), and drives it;
  // once 'ended' it drives nothing.
  const here = views.filter((view) => view.handoffState?.status === 'here');
  expect(here.length).toBeGreaterThan(0);
  expect(here.filter((view) => view.step !== 'particulars' || view.drivenElsewhere)).toEqual([]);
  const over = views.filter((view) => view.handoffState?.status === 'ended');
  expect(over.filter((view) => !view.drivenElsewhere)).toEqual([]);
});

it('a reload while its link waits shows the kept flow with its link in one view', async () => {
  const customer = { customerId: 'C_reload+minimal', email: 'reload@example.com' };
  const desktop = pageFlow('desktop', { customer, storage: 'server' });
  await stepUntil(desktop, (view) => view.step === 'particulars');
  const link = await desktop.handoff();
  desktop.stop();

  const reloaded = pageFlow('desktop', { customer, storage: 'server' });
  const views: BrowserFlowView[] = [];
  reloaded.subscribe((view) => views.push(view));
  const offered = await stepUntil(reloaded, (view) => view.handoffState?.status === 'offered');
  expect(offered).toMatchObject({
    step: 'particulars',
    executionId: desktop.getView().executionId,
  });
  expect(offered.handoffState?.expiresAt).toBe(link.expiresAt);
  expect(views.filter((view) => view.step !== 'idle' && !view.handoffState)).toEqual([]);
});

it('discard() on the computer while the phone drives ("start over"): the phone stops, the computer drives a fresh flow', async () => {
  const desktop = pageFlow('desktop', {
    customer: { customerId: 'C_restart+minimal', email: 'restart@example.com' },
    storage: 'server',
  });
  const first = await stepUntil(desktop, (view) => view.step === 'particulars');
  const link = await desktop.handoff({ steps: ['particulars'] });
  const phone = pageFlow('phone', { handoff: link.token });
  const alarms: unknown[] = [];
  phone.on('needsAttention', (event) => alarms.push(event));
  await stepUntil(phone, (view) => view.handoffState?.status === 'here');
  await stepUntil(desktop, isAway);
  const submissions = () => gateway.stats().calls['workflow.kyc.particular.data'] ?? 0;
  const before = submissions();

  desktop.discard();
  const fresh = await stepUntil(
    desktop,
    (view) => view.step === 'particulars' && !view.drivenElsewhere,
  );
  expect(fresh.executionId).not.toBe(first.executionId);
  expect(fresh.handoffState).toBeUndefined();

  // The phone, still on the abandoned execution, is refused and stops there quietly.
  phone.actions.submitParticulars(JANE);
  const ended = await stepUntil(phone, (view) => view.handoffState?.status === 'ended');
  expect(ended).toMatchObject({ step: 'particulars', drivenElsewhere: true });
  expect(ended.error).toBeUndefined();
  expect(alarms).toEqual([]);
  expect(submissions()).toBe(before);
});

it('the phone ends quietly when the computer takes the flow back while it waits: no false alarm', async () => {
  const desktop = pageFlow('desktop', {
    customer: { customerId: 'C_quiet+minimal', email: 'quiet@example.com' },
    storage: 'server',
  });
  await stepUntil(desktop, (view) => view.step === 'particulars');
  const link = await desktop.handoff({ steps: ['particulars'] });
  const phone = pageFlow('phone', { handoff: link.token });
  const alarms: unknown[] = [];
  const views: BrowserFlowView[] = [];
  phone.on('needsAttention', (event) => alarms.push(event));
  phone.on('suspended', (event) => alarms.push(event));
  phone.subscribe((view) => views.push(view));
  await stepUntil(phone, (view) => view.handoffState?.status === 'here');

  await desktop.takeBack();
  // Nothing asked of the phone: its own next call (a look at the execution, or its beat)
  // meets the refusal.
  const ended = await stepUntil(phone, (view) => view.handoffState?.status === 'ended');
  expect(ended.step).toBe('particulars');
  expect(alarms).toEqual([]);
  expect(views.filter((view) => view.error || view.step === 'needsAttention')).toEqual([]);
});

it('a phone offline past its lease comes back to find the computer drives: it ends quietly', async () => {
  const desktop = pageFlow('desktop', {
    customer: { customerId: 'C_lapse+minimal', email: 'lapse@example.com' },
    storage: 'server',
  });
  await stepUntil(desktop, (view) => view.step === 'particulars');
  const link = await desktop.handoff({ steps: ['particulars'] });
  let offline = false;
  const phone = pageFlow('phone', { handoff: link.token }, (request) =>
    offline ? Promise.reject(new TypeError('Failed to fetch')) : proxy(request),
  );
  const alarms: unknown[] = [];
  phone.on('needsAttention', (event) => alarms.push(event));
  await stepUntil(phone, (view) => view.handoffState?.status === 'here');

  offline = true;
  // The lease lapses: the computer drives again.
  await stepUntil(desktop, (view) => !view.drivenElsewhere && !view.handoffState);
  offline = false;
  const ended = await stepUntil(phone, (view) => view.handoffState?.status === 'ended');
  expect(ended.error).toBeUndefined();
  expect(alarms).toEqual([]);
});

it('the same phone opening its link again in a new tab carries on with what it took', async () => {
  const desktop = pageFlow('desktop', {
    customer: { customerId: 'C_newtab+minimal', email: 'newtab@example.com' },
    storage: 'server',
  });
  const waiting = await stepUntil(desktop, (view) => view.step === 'particulars');
  const link = await desktop.handoff({ steps: ['particulars'] });
  const firstTab = pageFlow('phone', { handoff: link.token });
  await stepUntil(firstTab, (view) => view.handoffState?.status === 'here');
  // The scanner's in-app view is dismissed; the link is opened again in the browser.
  firstTab.stop();

  const secondTab = pageFlow('phone', { handoff: link.token });
  const here = await stepUntil(secondTab, (view) => view.handoffState?.status !== 'opening');
  expect(here).toMatchObject({
    step: 'particulars',
    executionId: waiting.executionId,
    handoffState: { status: 'here' },
  });
  // Another device's tab is still refused the spent link.
  const stranger = pageFlow('stranger', { handoff: link.token });
  const refused = await stepUntil(stranger, (view) => view.handoffState?.status === 'ended');
  expect(refused.executionId).toBeUndefined();
});
