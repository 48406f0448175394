// A form's submit as state: busy while its call runs, and the error it failed with, kept until the next try,
// so a dialog or form can disable its button, say what runs and place the failure beside its fields.

export class Submission {
  busy = $state(false);
  error = $state<unknown>(null);

  /** Runs `call` and never throws: a failure lands in `error`. Resolves true when the call succeeded. */
  async run(call: () => Promise<unknown>): Promise<boolean> {
    this.busy = true;
    this.error = null;
    try {
      await call();
      return true;
    } catch (e) {
      this.error = e;
      return false;
    } finally {
      this.busy = false;
    }
  }
}
