/** Statuses by which the proxy refuses a caller (not a request, and not the gateway). */
const REFUSED = [401, 403, 409];

/**
 * The fetch of the flow a device continues. Once the first device takes the flow back, or
 * this device's lease lapses, the proxy refuses its calls; seen by the flow, that refusal
 * reads as refused credentials (`needsAttention`), a false alarm for the host. A refused
 * answer is held until the device has asked the proxy whether it still has the flow
 * (`stillHere`): refused too, the device ends quietly, its flow stopped, and the answer
 * reaches nobody; else the flow sees the answer as it is.
 */
export const endingOnRefusal =
  (stillHere: () => Promise<void>, given?: typeof globalThis.fetch): typeof globalThis.fetch =>
  async (input, init) => {
    const response = await (given ?? globalThis.fetch)(input, init);
    if (REFUSED.includes(response.status)) await stillHere();
    return response;
  };
