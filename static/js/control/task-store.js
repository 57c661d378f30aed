// The task page's one copy of its task. It starts from the task the page embeds,
// polls the task's URL POLL_MS after the last answer (the server answers 304 while nothing
// changed; the browser then hands fetch() the body it already has) and takes
// whatever a take, stop or reconcile answers. The program monitor, the live
// controls and the event log subscribe to it and read the task from it when
// told; none of them keeps a copy or polls on its own.

const POLL_MS = 3000;

/**
 * `load()` resolves with the task as the server has it now. Listeners are called
 * with (task, {changed, previous}) after every poll and every `set`: `changed`
 * says whether the task differs from the one before.
 */
export function createTaskStore(initial, load, { every = POLL_MS, timers = globalThis } = {}) {
  let task = initial;
  let text = JSON.stringify(initial);
  let writes = 0; // a poll that was under way when the task was set answers too late
  let timer = null; // the next poll's, while polling
  const listeners = new Set();

  function publish(fresh) {
    const previous = task;
    const freshText = JSON.stringify(fresh);
    const changed = freshText !== text;
    task = fresh;
    text = freshText;
    for (const listener of [...listeners]) listener(task, { changed, previous });
  }

  async function poll() {
    const started = writes;
    let fresh;
    try {
      fresh = await load();
    } catch {
      return; // the next poll tries again; the page stays usable meanwhile
    }
    if (started === writes) publish(fresh);
  }

  return {
    get: () => task,
    /** The task as an answer of the server says it is now. */
    set(fresh) {
      writes += 1;
      publish(fresh);
    },
    /** Call `listener` on every poll and every set; returns the function that stops it. */
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    /** Poll from now on: one call at a time, `every` ms after the last one answered. */
    start() {
      if (timer !== null) return;
      const next = () => {
        timer = timers.setTimeout(async () => {
          await poll();
          if (timer !== null) next();
        }, every);
      };
      next();
    },
    stop() {
      if (timer !== null) timers.clearTimeout(timer);
      timer = null;
    },
    poll,
  };
}
