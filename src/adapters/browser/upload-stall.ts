/**
 * The proxy's slowest upload body (`UPLOAD_BODY_PACE`: 4 KiB/s past its first 10 s), as
 * what a try must send in each stretch of that 10 s: 40 KiB.
 */
export const STALL_MS = 10_000;
export const STALL_BYTES = 40_960;

/**
 * Calls `stalled` once an upload's body sends less than `STALL_BYTES` in `STALL_MS`: the
 * link has stopped, or crawls slower than the proxy takes (it would cut the body anyway). A
 * slow link that keeps moving is never cut, however long the file takes. Watches from the
 * body's first byte until its last (the answer is the try's timeout's), or until the
 * returned function is called.
 */
export const watchStall = (upload: XMLHttpRequestUpload, stalled: () => void): (() => void) => {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let mark = 0;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(stalled, STALL_MS);
  };
  const stop = () => clearTimeout(timer);
  upload.addEventListener('progress', ({ loaded }) => {
    if (loaded - mark < STALL_BYTES) return;
    mark = loaded;
    arm();
  });
  upload.addEventListener('loadstart', arm);
  upload.addEventListener('loadend', stop);
  return stop;
};
