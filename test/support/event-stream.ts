/** A Server-Sent Events stream read as a browser's EventSource would, for tests. */
export interface EventStreamReader {
  /** The `data` of every event so far, in order. */
  readonly messages: string[];
  /** Resolves once `check` holds for the messages so far; rejects after `timeoutMs`. */
  until(check: (messages: readonly string[]) => boolean, timeoutMs?: number): Promise<void>;
  close(): void;
}

/** Connects to `url` and collects its events until `close()`. */
export async function openEventStream(url: string): Promise<EventStreamReader> {
  const controller = new AbortController();
  const response = await fetch(url, { signal: controller.signal });
  if (!response.ok || !response.body) throw new Error(`${url}: ${response.status}`);
  const messages: string[] = [];
  const waiters = new Set<() => void>();
  const decoder = new TextDecoder();
  let pending = '';
  const reader = response.body.getReader();
  const pump = async () => {
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      pending += decoder.decode(read.value, { stream: true });
      const frames = pending.split('\n\n');
      pending = frames.pop() ?? '';
      for (const frame of frames) {
        const data = frame
          .split('\n')
          .filter((line) => line.startsWith('data: '))
          .map((line) => line.slice('data: '.length));
        if (data.length > 0) messages.push(data.join('\n'));
      }
      for (const waiter of waiters) waiter();
    }
  };
  pump().catch(() => undefined);
  return {
    messages,
    until(check, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const waiter = () => {
          if (!check(messages)) return;
          waiters.delete(waiter);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`${url}: timed out after ${messages.length} messages`));
        }, timeoutMs);
        waiters.add(waiter);
        waiter();
      });
    },
    close: () => controller.abort(),
  };
}
