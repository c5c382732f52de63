import { useEffect, useMemo, useSyncExternalStore } from 'react';
import { customerMessageOf } from '../../machine/customer-message.js';
import { storageKeyOf } from '../browser/customer-key.js';
import type { BrowserFlowView } from '../browser/types.js';
import { useTimeReached } from './countdown.js';
import { holdFlow, obtainFlow } from './flow-registry.js';
import { useOnline } from './online.js';
import type { KycFlowSenders, UseKycFlowOptions, UseKycFlowResult } from './types.js';
import { useUploads } from './uploads.js';

/** The view's error with the sentence a customer may read. */
const withCustomerMessage = (error: BrowserFlowView['error']) =>
  error ? { ...error, customerMessage: customerMessageOf(error) } : undefined;

/**
 * The customer's onboarding flow, run for as long as a component uses it: one flow per
 * customer for the page (StrictMode's double mount included), resumed after a reload,
 * started only once. Options are read when the flow is created; a different customer
 * gets a different flow. `flow.discard()` starts the customer over in place; with
 * `storage: 'local'` a flow another tab drives shows `drivenElsewhere` until it is this one's;
 * with `storage: 'server'`, `handoff()` lets another device continue it, and that device's
 * page passes the link's token (`handoff: readHandoffToken()`).
 */
export function useKycFlow(options: UseKycFlowOptions): UseKycFlowResult {
  const key = storageKeyOf(options);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the flow is the customer's; other options are read once, at creation
  const entry = useMemo(() => obtainFlow(options), [key]);
  const { flow } = entry;
  const autoStart = options.autoStart ?? true;
  useEffect(() => holdFlow(entry, autoStart), [entry, autoStart]);

  // getView() keeps the same object until something shown changes, so renders are few.
  // Through the flow, not its actor: discard() and a takeover put a new actor behind it.
  // Hydration starts from the fresh flow the server rendered, then moves to a restored one.
  const view = useSyncExternalStore(flow.subscribe, flow.getView, () => entry.serverView);
  // A fresh flow in a held component (after discard(), "start again") begins as one that
  // mounted fresh would; a component that discards and unmounts at once never runs this.
  const fresh = view.step === 'idle';
  useEffect(() => {
    if (fresh && autoStart) flow.run();
  }, [flow, fresh, autoStart]);
  const online = useOnline();
  // RESEND_OTP is taken once the cooldown is over: re-render when it is.
  const resendOpen = useTimeReached(view.otp?.resendAvailableAt);
  const canResend = resendOpen && view.expects.includes('RESEND_OTP');
  const { uploads, track } = useUploads(flow);

  const senders = useMemo<KycFlowSenders>(() => {
    const { actions } = flow;
    return {
      start: actions.start,
      submitIdentityDocument: (capture, captureOptions) =>
        track('identityDocument', (onProgress) =>
          actions.submitIdentityDocument(capture, { ...captureOptions, onProgress }),
        ),
      retake: actions.retake,
      submitParticulars: actions.submitParticulars,
      submitLiveness: (capture, captureOptions) =>
        track('liveness', (onProgress) =>
          actions.submitLiveness(capture, { ...captureOptions, onProgress }),
        ),
      sendOtp: actions.sendOtp,
      resendOtp: actions.resendOtp,
      verifyOtp: actions.verifyOtp,
      addDocument: (file, docType, documentOptions) =>
        track(docType, (onProgress) =>
          actions.addDocument(file, docType, { ...documentOptions, onProgress }),
        ),
      submitDocuments: actions.submitDocuments,
      submitForms: actions.submitForms,
      retry: actions.retry,
      cancel: actions.cancel,
      handoff: flow.handoff,
      takeBack: flow.takeBack,
    };
  }, [flow, track]);

  return useMemo(() => {
    const { error: raw, ...fields } = view;
    const error = withCustomerMessage(raw);
    return {
      ...fields,
      ...(error ? { error } : {}),
      ...senders,
      view,
      flow,
      uploads,
      online,
      canResend,
    };
  }, [view, senders, flow, uploads, online, canResend]);
}
