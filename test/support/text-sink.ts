import { Writable } from 'node:stream';

/** A writable stream that keeps all it is given as text, for reporters under test. */
export function textSink() {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  return { stream, text: () => text };
}
