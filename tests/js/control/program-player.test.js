import assert from "node:assert/strict";
import { test } from "node:test";

import { recoveringHls, retryingRefusals } from "../../../static/js/control/program-player.js";

/** hls.js as far as recoveringHls uses it: every instance made is kept, with its calls. */
function fakeHls() {
  const made = [];
  class Hls {
    static Events = { ERROR: "hlsError", FRAG_BUFFERED: "hlsFragBuffered" };
    static ErrorTypes = { NETWORK_ERROR: "networkError", MEDIA_ERROR: "mediaError", OTHER_ERROR: "otherError" };
    constructor(config) {
      this.config = config;
      this.listeners = {};
      this.calls = [];
      made.push(this);
    }
    on(event, listener) {
      this.listeners[event] = listener;
    }
    emit(event, data = {}) {
      this.listeners[event](event, data);
    }
    loadSource(url) {
      this.calls.push(["loadSource", url]);
    }
    attachMedia() {
      this.calls.push(["attachMedia"]);
    }
    recoverMediaError() {
      this.calls.push(["recoverMediaError"]);
    }
    destroy() {
      this.calls.push(["destroy"]);
    }
  }
  return { Hls, made };
}

function fakeTimers() {
  const pending = new Map();
  let next = 1;
  return {
    setTimeout(run, ms) {
      pending.set(next, { run, ms });
      return next++;
    },
    clearTimeout(id) {
      pending.delete(id);
    },
    fire() {
      const due = [...pending.entries()];
      pending.clear();
      for (const [, { run }] of due) run();
      return due.map(([, { ms }]) => ms);
    },
    pending,
  };
}

const URL_ = "/sandbox/program/1/index.m3u8";

test("a player that gives up on the network is started again, and the caller wires each one", () => {
  const { Hls, made } = fakeHls();
  const timers = fakeTimers();
  const wired = [];
  const errors = [];
  let recovered = 0;
  const handle = recoveringHls(Hls, {}, URL_, {
    config: { lowLatencyMode: true },
    onPlayer: (hls) => wired.push(hls),
    onError: (fatal) => errors.push(fatal),
    onRecovered: () => (recovered += 1),
    timers,
  });
  assert.equal(made.length, 1);
  assert.deepEqual(made[0].calls, [["loadSource", URL_], ["attachMedia"]]);
  assert.deepEqual(made[0].config, { lowLatencyMode: true });

  made[0].emit(Hls.Events.ERROR, { fatal: false, type: Hls.ErrorTypes.NETWORK_ERROR });
  assert.equal(timers.pending.size, 0, "hls.js retries what is not fatal itself");
  made[0].emit(Hls.Events.ERROR, { fatal: true, type: Hls.ErrorTypes.NETWORK_ERROR });
  assert.deepEqual(made[0].calls.at(-1), ["destroy"]);
  assert.deepEqual(timers.fire(), [2000]);
  assert.equal(made.length, 2, "a new player, a moment later");
  assert.deepEqual(made[1].calls, [["loadSource", URL_], ["attachMedia"]]);
  assert.deepEqual(wired, made);
  assert.equal(handle.hls, made[1]);
  assert.deepEqual(errors, [false, true]);

  made[1].emit(Hls.Events.FRAG_BUFFERED);
  made[1].emit(Hls.Events.FRAG_BUFFERED);
  assert.equal(recovered, 1, "said once, when parts flow again");
});

test("a media error is recovered in place once, a second soon after starts a new player", () => {
  const { Hls, made } = fakeHls();
  const timers = fakeTimers();
  recoveringHls(Hls, {}, URL_, { timers });
  made[0].emit(Hls.Events.ERROR, { fatal: true, type: Hls.ErrorTypes.MEDIA_ERROR });
  assert.deepEqual(made[0].calls.at(-1), ["recoverMediaError"]);
  assert.equal(timers.pending.size, 0);
  made[0].emit(Hls.Events.ERROR, { fatal: true, type: Hls.ErrorTypes.MEDIA_ERROR });
  assert.deepEqual(made[0].calls.at(-1), ["destroy"]);
  timers.fire();
  assert.equal(made.length, 2);
});

test("stopped, nothing starts again", () => {
  const { Hls, made } = fakeHls();
  const timers = fakeTimers();
  const handle = recoveringHls(Hls, {}, URL_, { timers });
  made[0].emit(Hls.Events.ERROR, { fatal: true, type: Hls.ErrorTypes.OTHER_ERROR });
  handle.stop();
  assert.equal(timers.pending.size, 0);
  timers.fire();
  assert.equal(made.length, 1);
});

test("a 429 is asked again, as hls.js asks again after a server error", () => {
  const base = {
    maxTimeToFirstByteMs: 10000,
    errorRetry: { maxNumRetry: 3, retryDelayMs: 1000, maxRetryDelayMs: 8000 },
  };
  const Hls = {
    DefaultConfig: {
      manifestLoadPolicy: { default: base },
      playlistLoadPolicy: { default: base },
      fragLoadPolicy: { default: { ...base, errorRetry: null } },
    },
  };
  const policies = retryingRefusals(Hls);
  assert.deepEqual(Object.keys(policies), ["manifestLoadPolicy", "playlistLoadPolicy", "fragLoadPolicy"]);
  for (const { default: policy } of Object.values(policies)) {
    assert.equal(policy.maxTimeToFirstByteMs, 10000, "hls.js's own limits are kept");
    const { shouldRetry, maxNumRetry } = policy.errorRetry;
    assert.ok(maxNumRetry >= 6);
    assert.equal(shouldRetry(policy.errorRetry, 0, false, { code: 429 }, false), true);
    assert.equal(shouldRetry(policy.errorRetry, maxNumRetry, false, { code: 429 }, false), false, "not for ever");
    assert.equal(shouldRetry(policy.errorRetry, 0, false, { code: 403 }, false), false, "a refusal stays one");
    assert.equal(shouldRetry(policy.errorRetry, 0, false, { code: 503 }, true), true, "hls.js's own choice stands");
  }
});
