// Plays a task's program in a <video>, whatever it is: the emulator's HLS, or the
// real cloud's playback URL as GET /api/tasks/{id}/program/ answers it ("hls" for
// HLS, "flv" for HTTP-FLV). hls.js plays HLS wherever Media Source Extensions
// exist (the browser's own HLS is the fallback); mpegts.js plays HTTP-FLV. Both
// are served by the app (static/vendor/). For a stream the app does not draw, the
// overlay's SEI comes from the server, which reads the newest SEI of the stream
// ("sei_latest"): neither player hands the page the mixer's layout SEI (payload
// type 100 by default, which hls.js does not parse and mpegts.js does not expose).
import { request } from "../common/http.js";

const HLS_MODULE = "../../vendor/hls.js/hls.light.min.mjs";
// A classic script (UMD): loaded by a <script> element, it sets window.mpegts.
const MPEGTS_SCRIPT = new URL("../../vendor/mpegts.js/mpegts.js", import.meta.url).href;
const SEI_POLL_MS = 2000;
const RETRY_MS = 2000; // a player that gave up starts again after this
const MEDIA_RECOVERY_MS = 5000; // a second media error within this starts a new player
const LOAD_POLICIES = ["manifestLoadPolicy", "playlistLoadPolicy", "fragLoadPolicy"];
const REFUSAL_RETRIES = 6; // a 429 is asked again this many times before it counts
export const HLS = "hls";
export const FLV = "flv";

/** What a program answer asks to play: {kind: "hls"|"flv", url}, or null. */
export function programSource(program) {
  if (program && program[FLV]) return { kind: FLV, url: program[FLV] };
  if (program && program[HLS]) return { kind: HLS, url: program[HLS] };
  return null;
}

/**
 * Play `program` (a program answer) in `video`, muted. Resolves to
 * `{ kind, player, hls?, stop() }` where `player` is "hls.js", "mpegts.js" or
 * "native", or to null when this browser can play neither. `onError(fatal)` is
 * told of playback errors and `onRecovered()` of hls.js playing again after a fatal
 * one; `hlsConfig` is added to hls.js's own configuration.
 */
export async function playProgram(video, program, { onError = () => {}, onRecovered = () => {}, hlsConfig = {} } = {}) {
  const source = programSource(program);
  if (!source) return null;
  video.muted = true;
  const handle =
    source.kind === FLV
      ? await playFlv(video, source.url, onError)
      : await playHls(video, source.url, { onError, onRecovered, hlsConfig });
  if (handle) video.dataset.player = handle.player;
  return handle;
}

async function playHls(video, url, { onError, onRecovered, hlsConfig }) {
  if (window.MediaSource) {
    try {
      const { default: Hls } = await import(HLS_MODULE);
      if (Hls.isSupported()) {
        // Two segments behind the live edge, as the task page's monitor plays it.
        const config = { liveSyncDurationCount: 2, maxLiveSyncPlaybackRate: 1.2, enableWorker: false, ...hlsConfig };
        return recoveringHls(Hls, video, url, { config, onError, onRecovered });
      }
    } catch {
      // fall through to the browser's own HLS
    }
  }
  if (video.canPlayType("application/vnd.apple.mpegurl")) {
    video.src = url;
    return { kind: HLS, player: "native", stop: () => video.removeAttribute("src") };
  }
  return null;
}

/**
 * hls.js's load policies, each also retrying a 429. hls.js asks again after an error
 * only below 400 or above 499, so the app's 429 + Retry-After (one viewer's requests
 * past their share, studio/cloud/emulator/program/admission.py) ended a playlist or a
 * part at once and, soon, the player. Retried like any other error, after hls.js's own
 * delay (a second, then more), as the answer's Retry-After asks.
 */
export function retryingRefusals(Hls) {
  const policies = {};
  for (const name of LOAD_POLICIES) {
    const base = Hls.DefaultConfig && Hls.DefaultConfig[name] && Hls.DefaultConfig[name].default;
    if (!base) continue;
    const errorRetry = base.errorRetry || { maxNumRetry: REFUSAL_RETRIES, retryDelayMs: 1000, maxRetryDelayMs: 8000 };
    policies[name] = {
      default: {
        ...base,
        errorRetry: {
          ...errorRetry,
          maxNumRetry: Math.max(errorRetry.maxNumRetry, REFUSAL_RETRIES),
          shouldRetry: (policy, count, timedOut, response, retry) =>
            retry || (Boolean(response) && response.code === 429 && count < policy.maxNumRetry),
        },
      },
    };
  }
  return policies;
}

/**
 * hls.js playing `url`, brought back after a fatal error as its documentation says: a
 * media error by recoverMediaError(), any other (hls.js gives up on a playlist or a part
 * after its own retries, as a loaded server's 429s can make it) by a new player
 * RETRY_MS later. Without it a monitor froze on its last picture while saying "retrying".
 * `onPlayer(hls)` is called with each new player (for the caller's own listeners);
 * `onError(fatal)` with every error, `onRecovered()` when parts flow again after one.
 */
export function recoveringHls(
  Hls,
  video,
  url,
  { config = {}, onError = () => {}, onRecovered = () => {}, onPlayer = () => {}, timers = globalThis } = {},
) {
  let hls = null;
  let retry = null;
  let stopped = false;
  let failed = false;
  let lastMediaRecovery = -Infinity;
  const start = () => {
    retry = null;
    hls = new Hls({ ...retryingRefusals(Hls), ...config });
    hls.on(Hls.Events.FRAG_BUFFERED, () => {
      if (!failed) return;
      failed = false;
      onRecovered();
    });
    hls.on(Hls.Events.ERROR, (_event, data) => {
      onError(Boolean(data.fatal));
      if (!data.fatal || stopped) return;
      failed = true;
      const now = Date.now();
      if (data.type === Hls.ErrorTypes.MEDIA_ERROR && now - lastMediaRecovery > MEDIA_RECOVERY_MS) {
        lastMediaRecovery = now;
        hls.recoverMediaError();
        return;
      }
      hls.destroy();
      retry = timers.setTimeout(start, RETRY_MS);
    });
    onPlayer(hls);
    hls.loadSource(url);
    hls.attachMedia(video);
  };
  start();
  return {
    kind: HLS,
    player: "hls.js",
    get hls() {
      return hls;
    },
    stop() {
      stopped = true;
      if (retry !== null) timers.clearTimeout(retry);
      hls.destroy();
    },
  };
}

async function playFlv(video, url, onError) {
  let mpegts;
  try {
    mpegts = await loadMpegts();
  } catch {
    return null;
  }
  if (!mpegts || !mpegts.isSupported() || !mpegts.getFeatureList().mseLivePlayback) return null;
  const player = mpegts.createPlayer(
    { type: "flv", isLive: true, url },
    { enableWorker: false, liveBufferLatencyChasing: true, lazyLoad: false },
  );
  player.on(mpegts.Events.ERROR, () => onError(true));
  player.attachMediaElement(video);
  player.load();
  const started = player.play();
  if (started && started.catch) started.catch(() => {}); // muted autoplay; a refusal is not fatal
  return {
    kind: FLV,
    player: "mpegts.js",
    stop() {
      player.pause();
      player.unload();
      player.detachMediaElement();
      player.destroy();
    },
  };
}

let mpegtsLoading = null;
function loadMpegts() {
  if (window.mpegts) return Promise.resolve(window.mpegts);
  mpegtsLoading ??= new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = MPEGTS_SCRIPT;
    script.onload = () => resolve(window.mpegts);
    script.onerror = () => {
      mpegtsLoading = null;
      reject(new Error("mpegts.js could not be loaded"));
    };
    document.head.append(script);
  });
  return mpegtsLoading;
}

/**
 * Ask the server for the newest SEI of a stream it reads (`program.sei_latest`)
 * every `every` ms, one request at a time; `onMessage({layout_volume, at})` gets
 * each answer (`layout_volume` null when the stream carries none). Returns stop().
 */
export function followLatestSei(program, onMessage, { every = SEI_POLL_MS, timers = globalThis } = {}) {
  if (!program || !program.sei_latest) return () => {};
  let timer = null;
  let stopped = false;
  const poll = async () => {
    try {
      const answer = await request("GET", program.sei_latest);
      if (!stopped) onMessage(answer);
    } catch {
      // the next poll tries again
    }
    if (!stopped) timer = timers.setTimeout(poll, every);
  };
  poll();
  return () => {
    stopped = true;
    if (timer !== null) timers.clearTimeout(timer);
  };
}
