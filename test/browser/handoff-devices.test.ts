import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type {
  BrowserFlow,
  BrowserFlowView,
  CustomerFlowOptions,
  HandoffLink,
} from '../../src/adapters/browser/index.js';
import { DEFAULT_LINK_TTL_MS } from '../../src/adapters/proxy/index.js';
import { describeWithChromium } from '../support/real-services.js';
import { type HandoffSite, OTP_CODE, openPage, startHandoffSite } from './handoff-site.js';

/** Sandbox and polling at 10x; the phone's lease short, so that a silent phone is noticed soon. */
const SPEED = 10;
const LEASE_MS = 4_000;
const STEP_TIMEOUT = 20_000;
const TEST_TIMEOUT = 120_000;

interface KycWindow {
  kyc: typeof import('../../src/adapters/browser/index.js');
  flow: BrowserFlow;
  photo(name: string): Promise<File>;
}

let site: HandoffSite;
const contexts: BrowserContext[] = [];
beforeAll(async () => {
  site = await startHandoffSite(SPEED, LEASE_MS);
}, 60_000);
afterAll(() => site?.close());
afterEach(async () => {
  await Promise.all(contexts.splice(0).map((context) => context.close().catch(() => undefined)));
});

const device = async (kind: 'desktop' | 'phone') => {
  const context = await site.device(kind);
  contexts.push(context);
  return context;
};

let customers = 0;
const newCustomer = () => {
  customers += 1;
  const tag = `${customers}_${Date.now().toString(36)}`;
  return {
    customerId: `C_handoff_${tag}+handoff`,
    email: `jane.${tag}@example.com`,
    phone: '+6591234567',
  };
};
type Customer = ReturnType<typeof newCustomer>;

/** Runs a browser flow in the page: the customer's, kept by the proxy, or the link's. */
const runFlow = (page: Page, options: Pick<CustomerFlowOptions, 'customer'> | 'handoff') =>
  page.evaluate(
    ({ options, speed }) => {
      const w = window as unknown as KycWindow;
      w.flow = w.kyc
        .createBrowserFlow({
          proxyUrl: '/api/kyc',
          // A phone opened without a link shows it at once: the proxy refuses a token it never made.
          ...(options === 'handoff'
            ? { handoff: w.kyc.readHandoffToken() ?? 'no link' }
            : { ...options, storage: 'server' }),
          polling: { timeScale: speed, jitter: 0 },
        })
        .run();
    },
    { options, speed: SPEED },
  );

const viewOf = (page: Page): Promise<BrowserFlowView> =>
  page.evaluate(() => (window as unknown as KycWindow).flow.getView());

/** Waits until the page's view satisfies `done` (a function of the view alone, run in the page). */
const until = async (
  page: Page,
  done: (view: BrowserFlowView) => boolean,
  timeout = STEP_TIMEOUT,
) => {
  await page.waitForFunction(`(${done.toString()})(window.flow.getView())`, undefined, {
    timeout,
    polling: 50,
  });
  return viewOf(page);
};

const submitIdentityDocument = (page: Page) =>
  page.evaluate(async () => {
    const w = window as unknown as KycWindow;
    const front = await w.photo('passport.jpg');
    await w.flow.actions.submitIdentityDocument({
      documentType: 'INTERNATIONAL_PASSPORT',
      region: 'SG',
      front,
    });
  });
const submitParticulars = (page: Page) =>
  page.evaluate(() =>
    (window as unknown as KycWindow).flow.actions.submitParticulars({
      name: 'Jane Doe',
      dateOfBirth: '1990-01-15',
      nationality: 'SG',
    }),
  );
const submitSelfie = (page: Page) =>
  page.evaluate(async () => {
    const w = window as unknown as KycWindow;
    await w.flow.actions.submitLiveness({ face: await w.photo('selfie.jpg') });
  });
const enterEmailCode = async (page: Page) => {
  const view = await until(
    page,
    (v) => v.expects.includes('SEND_OTP') || v.expects.includes('VERIFY_OTP'),
  );
  if (!view.expects.includes('VERIFY_OTP')) {
    await page.evaluate(() => (window as unknown as KycWindow).flow.actions.sendOtp());
    await until(page, (v) => v.expects.includes('VERIFY_OTP'));
  }
  await page.evaluate(
    (code) => (window as unknown as KycWindow).flow.actions.verifyOtp(code),
    OTP_CODE,
  );
};

/** A desktop page whose flow, kept by the proxy, waits for the ID document. */
const desktopAtDocument = async (customer: Customer) => {
  const context = await device('desktop');
  const page = await openPage(context);
  await runFlow(page, { customer });
  const view = await until(page, (v) => v.step === 'identityDocument');
  return { context, page, executionId: view.executionId as string };
};

const handOff = (page: Page): Promise<HandoffLink> =>
  page.evaluate(() => (window as unknown as KycWindow).flow.handoff());

/** Opens a link on a device (a context of its own) and continues the flow there. */
const openLink = async (link: HandoffLink, kind: 'phone' | 'desktop' = 'phone') => {
  const context = await device(kind);
  const page = await openPage(context, link.url);
  await runFlow(page, 'handoff');
  return { context, page };
};

/** The proxy's answers to a session, each as its body says it. */
const answersTo = (session: string | undefined) =>
  site.seen.filter((answer) => answer.session === session);

describeWithChromium(
  'continue on your phone, in Chromium (two devices, each its own cookies)',
  () => {
    it(
      'the desktop hands off, the phone takes the document and the selfie, the desktop follows and finishes: one registration, one start, every submission applied once',
      async () => {
        const customer = newCustomer();
        const before = site.harness.sandbox.stats();
        const desktop = await desktopAtDocument(customer);

        const link = await handOff(desktop.page);
        expect(link.url).toMatch(/#kyc-handoff=[A-Za-z0-9_-]{43}$/);
        for (const personal of [customer.customerId, customer.email, desktop.executionId]) {
          expect(link.url).not.toContain(encodeURIComponent(personal).slice(0, 12));
        }
        expect((await viewOf(desktop.page)).handoffState).toMatchObject({
          status: 'offered',
          url: link.url,
        });

        const phone = await openLink(link);
        const taken = await until(phone.page, (v) => v.handoffState?.status === 'here');
        expect(taken).toMatchObject({ step: 'identityDocument', executionId: desktop.executionId });
        const redeemedAt = Date.now();
        await until(
          desktop.page,
          (v) => v.drivenElsewhere === true && v.handoffState?.status === 'away',
        );

        await submitIdentityDocument(phone.page);
        await until(phone.page, (v) => v.step === 'particulars');
        // The desktop follows the phone's progress while it drives nothing itself.
        await until(desktop.page, (v) => v.step === 'particulars' && v.drivenElsewhere === true);
        // A reload on the phone carries on: the tab remembers that it took the link.
        await phone.page.reload();
        await phone.page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready);
        await runFlow(phone.page, 'handoff');
        await until(
          phone.page,
          (v) => v.handoffState?.status === 'here' && v.step === 'particulars',
        );
        await submitParticulars(phone.page);
        await until(phone.page, (v) => v.step === 'liveness');
        await submitSelfie(phone.page);
        const handedBack = await until(phone.page, (v) => v.handoffState?.status === 'returned');
        expect(handedBack.drivenElsewhere).toBe(true);
        const returnedAt = Date.now();

        const back = await until(desktop.page, (v) => v.step === 'emailOtp' && !v.drivenElsewhere);
        expect(back.handoffState).toBeUndefined();
        await enterEmailCode(desktop.page);
        const done = await until(desktop.page, (v) => v.step === 'completed');
        expect(done.outcome).toMatchObject({
          decision: 'APPROVED',
          executionId: desktop.executionId,
        });

        const after = site.harness.sandbox.stats();
        expect(after.registrations - before.registrations).toBe(1);
        expect(after.starts - before.starts).toBe(1);
        // Every submission of this flow (the keys new since it began) applied exactly once.
        const applied = Object.entries(after.effects).filter(([key]) => !(key in before.effects));
        expect(applied.length).toBeGreaterThanOrEqual(4);
        expect(applied.filter(([, times]) => times !== 1)).toEqual([]);
        // While the phone drove, nothing the desktop sent reached the gateway (the proxy would
        // have refused it: PROXY_DRIVEN_ELSEWHERE).
        const desktopSession = await site.sessionOf(desktop.context);
        const collided = answersTo(desktopSession).filter(
          (answer) =>
            answer.at > redeemedAt &&
            answer.at < returnedAt &&
            !answer.api.startsWith('flow.') &&
            answer.status === 200,
        );
        expect(collided).toEqual([]);
      },
      TEST_TIMEOUT,
    );
    it(
      'a link opens once, before it expires: a third device, and a device after expiry, are refused and learn nothing of the customer',
      async () => {
        const customer = newCustomer();
        const desktop = await desktopAtDocument(customer);
        const link = await handOff(desktop.page);
        const phone = await openLink(link);
        await until(phone.page, (v) => v.handoffState?.status === 'here');

        // The same link again, on a third device (its own cookies): refused.
        const third = await openLink(link, 'desktop');
        const refused = await until(third.page, (v) => v.handoffState?.status === 'ended');
        // The phone still drives; the desktop takes the flow back, and the phone lets go.
        await until(desktop.page, (v) => v.handoffState?.status === 'away');
        await desktop.page.evaluate(() => (window as unknown as KycWindow).flow.takeBack());
        const mine = await until(desktop.page, (v) => !v.drivenElsewhere && !v.handoffState);
        expect(mine.step).toBe('identityDocument');
        await until(phone.page, (v) => v.handoffState?.status === 'ended');

        // A new link, opened after it expired: refused; the desktop says it expired.
        const late = await handOff(desktop.page);
        site.skipAhead(DEFAULT_LINK_TTL_MS + 1_000);
        const latecomer = await openLink(late);
        const tooLate = await until(latecomer.page, (v) => v.handoffState?.status === 'ended');
        await until(desktop.page, (v) => v.handoffState?.status === 'expired');

        const personal = [customer.customerId, customer.email, customer.phone, desktop.executionId];
        for (const { context, page, view } of [
          { ...third, view: refused },
          { ...latecomer, view: tooLate },
        ]) {
          expect(view).toMatchObject({ step: 'idle', drivenElsewhere: true });
          expect(view.executionId).toBeUndefined();
          const answers = answersTo(await site.sessionOf(context));
          // The redeem refused, it asks whether this device took the link in another tab:
          // it did not, so nothing is there for it (`data: null`).
          expect(answers.map((answer) => [answer.api, answer.status])).toEqual([
            ['handoff.redeem', 403],
            ['flow.load', 200],
          ]);
          expect(JSON.parse(answers[1]?.body ?? '{}')).toMatchObject({ data: null });
          const kept = await page.evaluate(() =>
            JSON.stringify([{ ...sessionStorage }, { ...localStorage }]),
          );
          const everything = [JSON.stringify(view), kept, ...answers.map((answer) => answer.body)];
          for (const text of everything) {
            for (const value of personal) expect(text).not.toContain(value);
          }
        }
        // Refused for whatever reason, the answer is the same bytes.
        const [spent, expired] = await Promise.all(
          [third, latecomer].map(
            async ({ context }) => answersTo(await site.sessionOf(context))[0]?.body,
          ),
        );
        expect(spent).toBe(expired);
        expect(spent).toContain('PROXY_HANDOFF_REFUSED');
      },
      TEST_TIMEOUT,
    );

    it(
      'a phone that falls silent loses the flow: once its lease runs out the desktop drives again',
      async () => {
        const desktop = await desktopAtDocument(newCustomer());
        const phone = await openLink(await handOff(desktop.page));
        await until(phone.page, (v) => v.handoffState?.status === 'here');
        await until(desktop.page, (v) => v.handoffState?.status === 'away');
        // The phone's browser goes away mid-step (no word to the proxy).
        await phone.context.close();
        await until(desktop.page, (v) => !v.drivenElsewhere && !v.handoffState, LEASE_MS * 4);
        await submitIdentityDocument(desktop.page);
        await until(desktop.page, (v) => v.step === 'particulars');
      },
      TEST_TIMEOUT,
    );

    it(
      "storage: 'server' survives closing every tab: a new tab of the same caller carries on, with one registration and one start",
      async () => {
        const customer = newCustomer();
        const before = site.harness.sandbox.stats();
        const desktop = await desktopAtDocument(customer);
        await submitIdentityDocument(desktop.page);
        await until(desktop.page, (v) => v.step === 'particulars');
        const inBrowser = await desktop.page.evaluate(() =>
          JSON.stringify([{ ...sessionStorage }, { ...localStorage }]),
        );
        expect(inBrowser).not.toContain(desktop.executionId);

        // Every tab closed, the browser too: only the session cookie remains.
        const { cookies } = await desktop.context.storageState();
        await desktop.context.close();
        const later = await site.browser.newContext({
          baseURL: site.url,
          storageState: { cookies, origins: [] },
        });
        contexts.push(later);
        const page = await openPage(later);
        await runFlow(page, { customer });
        const resumed = await until(page, (v) => v.step === 'particulars');
        expect(resumed.executionId).toBe(desktop.executionId);
        await submitParticulars(page);
        await until(page, (v) => v.step === 'liveness');

        const after = site.harness.sandbox.stats();
        expect(after.registrations - before.registrations).toBe(1);
        expect(after.starts - before.starts).toBe(1);
      },
      TEST_TIMEOUT,
    );
  },
);
