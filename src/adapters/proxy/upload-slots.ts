/**
 * Uploads in flight on this instance, per caller and in all: each is held in memory while
 * it is read and checked, so their number bounds what uploads can make the process hold.
 * `acquire` answers a release function, or `undefined` when there is no slot.
 */
export const createUploadSlots = (perCaller: number, total: number) => {
  const inFlight = new Map<string, number>();
  let all = 0;
  return (owner: string): (() => void) | undefined => {
    const mine = inFlight.get(owner) ?? 0;
    if (mine >= perCaller || all >= total) return undefined;
    inFlight.set(owner, mine + 1);
    all += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      all -= 1;
      const left = (inFlight.get(owner) ?? 1) - 1;
      if (left === 0) inFlight.delete(owner);
      else inFlight.set(owner, left);
    };
  };
};
