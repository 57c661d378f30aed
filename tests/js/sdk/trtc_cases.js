// Runs TRTC cases through the official Node.js SDK (tencentcloud-sdk-nodejs) and prints
// what came back as JSON; tests/studio/test_node_sdk.py drives it against a real
// `manage.py trtc_emulator` and compares with the Python SDK on the same cases.
//
//   TRTC_ENDPOINT=trtc.localhost:8001 TRTC_SECRET_ID=... TRTC_SECRET_KEY=... \
//     node tests/js/sdk/trtc_cases.js < cases.json
//
// The SDK names the signature's service after the endpoint's first label, so the endpoint
// is trtc.<host>, never a bare IP address; any *.localhost name is reached on 127.0.0.1
// (RFC 6761), through the agent the SDK's httpProfile takes.
// cases.json is a list of {name, action, body, secretKey?, region?, secondsAgo?}, run in
// order. A body value "$TaskId" is the TaskId of the last Start that succeeded. Each
// result is {name, response} or {name, error: {type, isSdkException, code, message,
// requestId}}. Not a *.test.js file: the unit-test glob must not run it without an emulator.
import dns from "node:dns";
import { readFileSync } from "node:fs";
import http from "node:http";
import tencentcloud from "tencentcloud-sdk-nodejs";
import exceptionModule from "tencentcloud-sdk-nodejs/tencentcloud/common/exception/tencent_cloud_sdk_exception.js";

const TencentCloudSDKHttpException = exceptionModule.default;
const TrtcClient = tencentcloud.trtc.v20190722.Client;
const TASK_ID = "$TaskId";

function required(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set`);
  }
  return value;
}

function lookup(hostname, options, callback) {
  if (hostname !== "localhost" && !hostname.endsWith(".localhost")) {
    return dns.lookup(hostname, options, callback);
  }
  if (options.all) {
    return callback(null, [{ address: "127.0.0.1", family: 4 }]);
  }
  return callback(null, "127.0.0.1", 4);
}

const agent = new http.Agent({ lookup });

function client(secretKey, region) {
  return new TrtcClient({
    credential: { secretId: required("TRTC_SECRET_ID"), secretKey },
    region,
    profile: { httpProfile: { protocol: "http://", endpoint: required("TRTC_ENDPOINT"), reqTimeout: 10, agent } },
  });
}

// The SDK stamps X-TC-Timestamp from `new Date()`: shift the clock for one call.
async function signedSecondsAgo(seconds, call) {
  const RealDate = globalThis.Date;
  const offset = seconds * 1000;
  class PastDate extends RealDate {
    constructor(...args) {
      super(...(args.length ? args : [RealDate.now() - offset]));
    }
    static now() {
      return RealDate.now() - offset;
    }
  }
  globalThis.Date = PastDate;
  try {
    return await call();
  } finally {
    globalThis.Date = RealDate;
  }
}

function withTaskId(body, taskId) {
  return JSON.parse(JSON.stringify(body), (_key, value) => (value === TASK_ID ? taskId : value));
}

async function run(cases) {
  const results = [];
  let taskId = null;
  for (const { name, action, body, secretKey, region, secondsAgo } of cases) {
    const trtc = client(secretKey ?? required("TRTC_SECRET_KEY"), region ?? "ap-guangzhou");
    const call = () => trtc[action](withTaskId(body, taskId));
    try {
      const response = secondsAgo ? await signedSecondsAgo(secondsAgo, call) : await call();
      if (action === "StartPublishCdnStream") {
        taskId = response.TaskId;
      }
      results.push({ name, response });
    } catch (error) {
      results.push({
        name,
        error: {
          type: error.constructor.name,
          isSdkException: error instanceof TencentCloudSDKHttpException,
          code: error.code ?? null,
          message: error.message,
          requestId: error.requestId ?? null,
        },
      });
    }
  }
  return results;
}

const cases = JSON.parse(readFileSync(0, "utf-8"));
process.stdout.write(JSON.stringify(await run(cases)) + "\n");
