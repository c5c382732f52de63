import { newRevision } from './snapshot-envelope.js';
import type { PersistedFlow, SaveOptions, SnapshotStore } from './snapshot-store.js';

export interface SnapshotSaverOptions {
  readonly store: SnapshotStore;
  readonly key: string;
  /** The flow as it is at the moment of writing. */
  readonly read: () => PersistedFlow;
  /** Told after each write that reached the store. */
  readonly onSaved?: () => void;
  /**
   * The flow is new: its first write is `onlyNew`, so that it never replaces a flow another
   * run began under the same key meanwhile.
   */
  readonly fresh?: boolean;
  /**
   * The store fences saves by revision (`loadRevision`): each write names a new revision and
   * is based on the last one this saver wrote (or `basedOn`, the revision the run claimed).
   */
  readonly fenced?: boolean;
  readonly basedOn?: string;
}

/**
 * Keeps one flow in its store as it changes: one write in flight at a time; changes made
 * meanwhile coalesce into the next write, which takes whatever is newest by then; a
 * snapshot equal to the one last written is not written again.
 */
export class SnapshotSaver {
  readonly #options: SnapshotSaverOptions;
  /** The JSON of the last snapshot the store took. */
  #lastWritten: string | undefined;
  /** A change came in that no write has looked at yet. */
  #wanted = false;
  #writing: Promise<void> | undefined;
  /** No write of this flow has reached the store yet, and it must not replace another's. */
  #fresh: boolean;
  /** The revision of this run's last write (fenced stores): the next is refused if it moved. */
  #basedOn: string | undefined;

  constructor(options: SnapshotSaverOptions) {
    this.#options = options;
    this.#fresh = options.fresh === true;
    this.#basedOn = options.basedOn;
  }

  /** Resolves once the flow as it is now is in the store; rejects when the store fails. */
  save(): Promise<void> {
    this.#wanted = true;
    if (!this.#writing) {
      const writing = this.#writeNewest().finally(() => {
        if (this.#writing === writing) this.#writing = undefined;
      });
      this.#writing = writing;
    }
    // A change that came after the loop's last look is saved by another round.
    return this.#writing.then(() => (this.#wanted ? this.save() : undefined));
  }

  async #writeNewest(): Promise<void> {
    const { store, key, read, onSaved } = this.#options;
    while (this.#wanted) {
      this.#wanted = false;
      const persisted = read();
      const text = JSON.stringify(persisted);
      if (text === this.#lastWritten) continue;
      // Once refused, refused again on every later save: the flow there is the other run's.
      const options = this.#writeOptions();
      await (options ? store.save(key, persisted, options) : store.save(key, persisted));
      this.#fresh = false;
      this.#basedOn = options?.revision;
      this.#lastWritten = text;
      onSaved?.();
    }
  }

  #writeOptions(): SaveOptions | undefined {
    const revision = this.#options.fenced ? { revision: newRevision() } : {};
    if (this.#fresh) return { onlyNew: true, ...revision };
    if (this.#basedOn !== undefined) return { ...revision, basedOn: this.#basedOn };
    return this.#options.fenced ? revision : undefined;
  }
}
