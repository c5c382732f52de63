import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithChromium } from '../support/real-services.js';
import { type HandoffSite, openPage, startHandoffSite } from './handoff-site.js';

/**
 * The flow embedded in a host's own page, as a frontend team's pages use it: the host's
 * buttons call the flow's actions in whatever order the customer clicks them.
 */
const SPEED = 100;

type Kyc = typeof import('../../src/adapters/browser/index.js');
type PageWindow = {
  kyc: Kyc;
  photo: (name: string) => Promise<File>;
  flow: import('../../src/adapters/browser/index.js').BrowserFlow;
};

describeWithChromium('the flow in a host page', () => {
  let site: HandoffSite;
  let context: BrowserContext;
  let customers = 0;
  beforeAll(async () => {
    site = await startHandoffSite(SPEED, 60_000);
    context = await site.device('desktop');
  }, 60_000);
  afterAll(async () => {
    await context?.close();
    await site?.close();
  });

  /** The page with a running flow for a new customer, waiting for the ID document. */
  const pageAtIdentityDocument = async (): Promise<Page> => {
    customers += 1;
    const customerId = `C_embed${customers}_${Date.now().toString(36)}+handoff`;
    const page = await openPage(context);
    await page.evaluate(
      async ({ customerId, speed }) => {
        const w = window as unknown as PageWindow;
        w.flow = w.kyc
          .createBrowserFlow({
            proxyUrl: '/api/kyc',
            customer: { customerId },
            polling: { timeScale: speed, jitter: 0 },
          })
          .run();
        await new Promise<void>((resolve) => {
          const stop = w.flow.subscribe((view) => {
            if (view.step !== 'identityDocument') return;
            stop();
            resolve();
          });
        });
      },
      { customerId, speed: SPEED },
    );
    return page;
  };

  it('discard() during an upload: the new execution is not sent the pictures of the one given up', async () => {
    const page = await pageAtIdentityDocument();
    // The customer's uplink is slow: the photo is still on its way when they start over.
    let letThrough: () => void = () => undefined;
    const slowLink = new Promise<void>((resolve) => {
      letThrough = resolve;
    });
    let onTheWay: () => void = () => undefined;
    const uploading = new Promise<void>((resolve) => {
      onTheWay = resolve;
    });
    await page.route('**/api/kyc?api=storage.upload', async (route) => {
      onTheWay();
      await slowLink;
      await route.continue();
    });
    const from = site.seen.length;
    const first = await page.evaluate(async () => {
      const w = window as unknown as PageWindow & { capture: Promise<string> };
      w.capture = w.flow.actions
        .submitIdentityDocument({
          documentType: 'INTERNATIONAL_PASSPORT',
          region: 'SG',
          front: await w.photo('front.jpg'),
        })
        .then(
          () => 'submitted',
          (error: Error & { code?: string }) => `${error.name} ${error.code}`,
        );
      return w.flow.getView().executionId;
    });
    await uploading;
    const second = await page.evaluate(async () => {
      const w = window as unknown as PageWindow;
      w.flow.discard();
      w.flow.run();
      await new Promise<void>((resolve) => {
        const stop = w.flow.subscribe((view) => {
          if (view.step !== 'identityDocument') return;
          stop();
          resolve();
        });
      });
      return w.flow.getView().executionId;
    });
    expect(second).not.toBe(first);
    letThrough();
    const capture = await page.evaluate(
      () => (window as unknown as { capture: Promise<string> }).capture,
    );
    expect(capture).toBe('FlowInputError NO_EXECUTION');
    const view = await page.evaluate(() => (window as unknown as PageWindow).flow.getView());
    expect(view).toMatchObject({ step: 'identityDocument', executionId: second });
    expect(view.error).toBeUndefined();
    const apis = site.seen.slice(from).map((answer) => answer.api);
    expect(apis).toContain('storage.upload');
    expect(apis).not.toContain('workflow.kyc.ocr');
    await page.close();
  }, 60_000);
});
