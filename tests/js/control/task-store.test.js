import assert from "node:assert/strict";
import { test } from "node:test";

import { createTaskStore } from "../../../static/js/control/task-store.js";

const running = { id: 7, status: "running", sequence_number: 0 };

/** Timers that run only when told: `tick()` fires the pending one. */
function manualTimers() {
  const pending = new Map();
  let next = 1;
  return {
    setTimeout(callback, delay) {
      pending.set(next, { callback, delay });
      return next++;
    },
    clearTimeout(id) {
      pending.delete(id);
    },
    count: () => pending.size,
    delays: () => [...pending.values()].map((entry) => entry.delay),
    async tick() {
      const [id, entry] = pending.entries().next().value;
      pending.delete(id);
      await entry.callback();
    },
  };
}

test("every listener hears each poll, and whether the task changed", async () => {
  const answers = [running, { ...running, sequence_number: 1 }];
  const store = createTaskStore(running, async () => answers.shift());
  const heard = [];
  store.subscribe((task, { changed }) => heard.push(["monitor", task.sequence_number, changed]));
  store.subscribe((task, { changed }) => heard.push(["log", task.sequence_number, changed]));
  await store.poll();
  await store.poll();
  assert.deepEqual(heard, [
    ["monitor", 0, false],
    ["log", 0, false],
    ["monitor", 1, true],
    ["log", 1, true],
  ]);
  assert.equal(store.get().sequence_number, 1);
});

test("polling is one call at a time, the interval after the last answer", async () => {
  const timers = manualTimers();
  let calls = 0;
  const store = createTaskStore(running, async () => ({ ...running, calls: ++calls }), { every: 3000, timers });
  store.start();
  store.start(); // a second start is the same polling
  assert.deepEqual(timers.delays(), [3000]);
  await timers.tick();
  await timers.tick();
  assert.equal(calls, 2);
  assert.equal(timers.count(), 1);
  store.stop();
  assert.equal(timers.count(), 0);
});

test("an answer set while a poll is under way wins over the poll", async () => {
  let answer;
  const store = createTaskStore(running, () => new Promise((resolve) => (answer = resolve)));
  const polled = store.poll();
  store.set({ ...running, sequence_number: 2 });
  answer({ ...running });
  await polled;
  assert.equal(store.get().sequence_number, 2);
});

test("a failed poll keeps the task and tells nobody", async () => {
  const store = createTaskStore(running, async () => {
    throw new Error("offline");
  });
  let told = 0;
  store.subscribe(() => (told += 1));
  await store.poll();
  assert.equal(told, 0);
  assert.equal(store.get(), running);
});
