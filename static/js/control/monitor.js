// The program monitor of a live task: plays what the emulator puts on air
// (low-latency HLS: parts of a third of a second, a Take shows within a second),
// overlays the volume-layout SEI of the frame on screen, says when the engine is
// too busy to keep the program up, and checks a stream against the design
// (Verify). hls.js is preferred wherever Media Source Extensions exist, even
// when the browser plays HLS natively, because the overlay needs to know which
// part and which wall-clock instant is on screen; native HLS is the fallback.
// hls.js is served by the app itself.
import { request } from "../common/http.js";
import { h } from "../common/dom.js";
import { catchUpRate, keepRecent, pictureBox, seiAt, seiUrl } from "./overlay.js";
import { followLatestSei, playProgram, recoveringHls } from "./program-player.js";

const { gettext, interpolate } = window;
const HLS_MODULE = "../../vendor/hls.js/hls.light.min.mjs";
const REGION_COLOUR = "#00dcff";
const VOLUME_COLOUR = "#28dc5a";
const STATUS_POLL_MS = 2000; // how often the monitor asks whether the engine keeps up
const SEI_KEPT = 120; // the SEI of the last this many parts or segments loaded (40 s)
const LIVE_SYNC_PARTS = 1.5; // how far behind the newest part drawn the player plays

export async function mountMonitor({ section, programUrl, verifyUrl, canAct, describeError }) {
  const status = h("p", { class: "mx-help", role: "status", id: "monitor-status" });
  const verdict = h("div", { id: "verify-result", role: "status" });
  let program = null;
  try {
    program = await request("GET", programUrl);
  } catch {
    program = null; // a task on the real cloud: no program here, Verify takes its URL
  }
  if (program) {
    mountPlayer(section, program, status);
    watchStatus(section.querySelector("#program-paused"), programUrl, program);
  }
  if (canAct) section.append(verifyForm(verifyUrl, verdict, describeError, program));
  section.append(status, verdict);
}

// "Paused because the engine is busy" while the program says "paused"; until it ends.
function watchStatus(paused, programUrl, program) {
  if (!paused) return;
  const show = (answer) => {
    paused.hidden = answer.status !== "paused";
    if (answer.status === "ended" || answer.ended) return;
    setTimeout(async () => {
      try {
        show(await request("GET", programUrl));
      } catch {
        show(answer); // asked again at the next turn
      }
    }, STATUS_POLL_MS);
  };
  show(program);
}

function mountPlayer(section, program, status) {
  const video = h("video", {
    id: "program-video",
    muted: true,
    autoplay: true,
    playsinline: true,
    "aria-label": gettext("The program as the emulator puts it on air"),
  });
  video.muted = true;
  video.style.cssText = "width:100%;display:block;background:#000;aspect-ratio:16/9";
  const overlay = h("canvas", { id: "program-overlay", "aria-hidden": "true" });
  overlay.style.cssText = "position:absolute;inset:0;width:100%;height:100%;pointer-events:none";
  const frame = h("div", { class: "program-frame" }, video, overlay);
  frame.style.position = "relative";
  const toggle = h("input", { type: "checkbox", id: "sei-toggle" });
  const label = h("label", { for: "sei-toggle" }, toggle, " ", gettext("Show the SEI regions and volumes"));
  const still = section.querySelector("#program-image");
  if (still) still.hidden = true; // the moving program replaces the still picture
  section.insertBefore(h("div", {}, frame, label), section.querySelector("#program-status"));

  const state = { hls: null, segment: null, sei: new Map(), program, latest: null };
  if (program.sei_latest) {
    // The real cloud's program: its playback URL (HLS or HTTP-FLV), and the newest
    // layout SEI the server read from it for the overlay.
    const onError = (fatal) => {
      if (fatal) status.textContent = gettext("The program could not be played; retrying.");
    };
    playProgram(video, program, { onError, onRecovered: () => (status.textContent = "") });
    followLatestSei(program, (answer) => {
      state.latest = answer.layout_volume ? answer : null;
    });
  } else {
    startPlayback(video, program, state, status);
  }
  const draw = () => {
    drawOverlay(overlay, video, toggle.checked ? currentSei(state, video) : null);
    requestAnimationFrame(draw);
  };
  requestAnimationFrame(draw);
}

async function startPlayback(video, program, state, status) {
  const native = video.canPlayType("application/vnd.apple.mpegurl");
  if (window.MediaSource) {
    try {
      const { default: Hls } = await import(HLS_MODULE);
      if (Hls.isSupported()) {
        // Low-latency mode: blocking reloads bring each part as soon as it is drawn.
        // The player stays a part and a half behind the newest part, not the
        // playlist's PART-HOLD-BACK of two: the engine publishes a part a tenth of a
        // second or so after it starts, before it ends, so the next one comes half a
        // part before the player needs it, and a Take shows a sixth of a second
        // sooner (make bench-take). hls.js plays faster to catch up only with a
        // second of buffer ahead, which a live edge a part away never has, and moves
        // its target a whole second back at each stall: here a stall (a part drawn
        // late) costs a quarter of a part, and the monitor catches up itself (keepUp).
        const part = program.part_seconds || 1;
        const config = {
          lowLatencyMode: true,
          liveSyncDuration: part * LIVE_SYNC_PARTS,
          liveSyncOnStallIncrease: part / 4,
          maxLiveSyncPlaybackRate: 1,
          enableWorker: false,
        };
        video.addEventListener("timeupdate", () => {
          if (state.hls) keepUp(state.hls, video, part);
        });
        // A player that gives up is started again (program-player.js); each one is wired.
        recoveringHls(Hls, video, program.hls, {
          config,
          onPlayer: (hls) => {
            state.hls = hls;
            hls.on(Hls.Events.FRAG_CHANGED, (_event, data) => {
              state.segment = data.frag.sn;
            });
            // Each part (or whole segment) loaded has its SEI beside it, at .json for .ts.
            hls.on(Hls.Events.FRAG_LOADED, (_event, data) => loadSei(state, (data.part || data.frag).url));
          },
          onError: (fatal) => {
            if (fatal) status.textContent = gettext("The program could not be played; retrying.");
          },
          onRecovered: () => {
            status.textContent = "";
          },
        });
        video.dataset.player = "hls.js";
        return;
      }
    } catch {
      // fall through to the browser's own HLS
    }
  }
  if (native) {
    video.src = program.hls;
    video.dataset.player = "native";
    return;
  }
  status.textContent = gettext("This browser cannot play HLS; the still picture shows the layout in force.");
}

function keepUp(hls, video, part) {
  const ranges = video.buffered;
  const ahead = ranges.length ? ranges.end(ranges.length - 1) - video.currentTime : 0;
  const rate = catchUpRate(hls.latency, hls.targetLatency, ahead, part / 4);
  if (video.playbackRate !== rate) video.playbackRate = rate;
}

async function loadSei(state, mediaUrl) {
  const url = seiUrl(mediaUrl);
  if (!url || state.sei.has(url)) return;
  state.sei.set(url, []);
  keepRecent(state.sei, SEI_KEPT);
  try {
    const answer = await request("GET", url);
    state.sei.set(url, answer.messages);
  } catch {
    state.sei.delete(url);
  }
}

function currentSei(state, video) {
  if (state.program.sei_latest) return state.latest;
  const date = state.hls ? state.hls.playingDate : video.getStartDate && video.getStartDate();
  if (!date || Number.isNaN(date.getTime())) return null;
  const at = state.hls ? date.getTime() / 1000 : date.getTime() / 1000 + video.currentTime;
  return seiAt([...state.sei.values()].flat(), at);
}

function drawOverlay(canvas, video, message) {
  const width = canvas.clientWidth;
  const height = canvas.clientHeight;
  if (canvas.width !== width || canvas.height !== height) {
    canvas.width = width;
    canvas.height = height;
  }
  const context = canvas.getContext("2d");
  context.clearRect(0, 0, width, height);
  if (!message) {
    delete canvas.dataset.regions;
    return;
  }
  const layout = message.layout_volume;
  const box = pictureBox(layout.canvas.w, layout.canvas.h, width, height);
  context.font = "12px sans-serif";
  for (const region of layout.regions) {
    const x = box.x + region.x * box.scale;
    const y = box.y + region.y * box.scale;
    const w = region.w * box.scale;
    const rh = region.h * box.scale;
    context.strokeStyle = REGION_COLOUR;
    context.lineWidth = 2;
    context.strokeRect(x + 1, y + 1, w - 2, rh - 2);
    const label = `${region.uid} z${region.zorder} ${interpolate(gettext("vol %s"), [region.volume])}`;
    context.fillStyle = "rgba(0,0,0,.7)";
    context.fillRect(x + 2, y + 2, context.measureText(label).width + 8, 16);
    context.fillStyle = REGION_COLOUR;
    context.fillText(label, x + 6, y + 14);
    context.fillStyle = VOLUME_COLOUR;
    context.fillRect(x + 2, y + rh - 6, Math.max(0, (w - 4) * region.volume) / 100, 4);
  }
  // The regions drawn, for anyone checking what the monitor shows.
  canvas.dataset.regions = JSON.stringify(layout.regions.map(({ uid, x, y, w, h: rh }) => ({ uid, x, y, w, h: rh })));
  canvas.dataset.at = String(message.at);
}

function verifyForm(verifyUrl, verdict, describeError, program) {
  const url = h("input", {
    type: "url",
    id: "verify-url",
    placeholder: program ? gettext("(the task's own program)") : "https://…/live/stream.m3u8",
    size: 40,
  });
  const button = h("button", { type: "button", class: "button", id: "verify" }, gettext("Verify"));
  button.addEventListener("click", async () => {
    button.disabled = true;
    verdict.textContent = gettext("Reading the stream…");
    try {
      const answer = await request("POST", verifyUrl, url.value.trim() ? { url: url.value.trim() } : {});
      verdict.replaceChildren(...describeVerdict(answer));
    } catch (error) {
      verdict.textContent = describeError(error);
    } finally {
      button.disabled = false;
    }
  });
  return h(
    "div",
    { class: "verify-row" },
    h("label", { for: "verify-url" }, gettext("Playback URL to verify")),
    " ",
    url,
    " ",
    button,
  );
}

function describeVerdict(answer) {
  if (answer.as_designed) {
    return [
      h(
        "p",
        { class: "verify-ok" },
        interpolate(gettext("As designed: every picture is where the layout puts it (%s SEI read)."), [
          answer.layout_volumes,
        ]),
      ),
    ];
  }
  const rows = answer.mismatches.map((item) =>
    h("tr", {}, h("th", { scope: "row" }, item.user), h("td", {}, rect(item.expected)), h("td", {}, rect(item.seen))),
  );
  return [
    h("p", { class: "error" }, answer.note || gettext("Not as designed:")),
    rows.length
      ? h(
          "table",
          { class: "mx-diff" },
          h(
            "thead",
            {},
            h(
              "tr",
              {},
              h("th", { scope: "col" }, gettext("User")),
              h("th", { scope: "col" }, gettext("Expected")),
              h("th", { scope: "col" }, gettext("Seen")),
            ),
          ),
          h("tbody", {}, rows),
        )
      : null,
  ];
}

function rect(value) {
  if (!value) return gettext("nothing");
  if (value.x === undefined) return `${value.w}×${value.h}`;
  return `${value.w}×${value.h} @ ${value.x},${value.y}`;
}
