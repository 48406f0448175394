// One answer a page reads from the engine's cache, read again whenever its key changes (another profile, a
// newer snapshot, another name). An answer that lands after a newer request is dropped, so switching fast
// never shows the previous profile's rows. Create it while a component initialises: it owns an $effect.
import { untrack } from 'svelte';

export class CacheRead<K, T> {
  value = $state<T | null>(null);
  error = $state<unknown>(null);

  /**
   * `key` is tracked: read the page's $derived ids in it. A null key means there is nothing to read.
   * `keepWhileReading` leaves the previous answer in view until the next arrives (no flash on a toggle).
   */
  constructor(key: () => K | null, load: (key: K) => Promise<T>, options: { keepWhileReading?: boolean; onValue?: (value: T) => void } = {}) {
    let seq = 0;
    $effect(() => {
      const input = key();
      const mine = ++seq;
      untrack(() => {
        if (!options.keepWhileReading || input === null) this.value = null;
        this.error = null;
        if (input === null) return;
        load(input).then(
          (value) => {
            if (mine !== seq) return;
            this.value = value;
            options.onValue?.(value);
          },
          (error: unknown) => {
            if (mine !== seq) return;
            this.value = null;
            this.error = error;
          },
        );
      });
    });
  }
}
