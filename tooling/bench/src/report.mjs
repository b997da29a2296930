// Renders BENCHMARKS.md from one run's results. Every ratio compares figures of this run.
import { BASE64_METHODS } from "./base64.mjs";
import { QUICK } from "./budgets.mjs";
import { MB, pairedRatio } from "./util.mjs";

const fixed = (n, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : "n/a");
const int = (n) => Math.round(n).toLocaleString("en-US");
const x = (n) => `${fixed(n, 2)}x`;
const kb = (bytes) => `${fixed(bytes / 1024, 1)} KB`;
const verdict = (ok) => (ok ? "**met**" : "**missed**");
const chunkLabel = (size) => `${size / 1024} KB`;
const scenarioLabel = {
  "3x8MB": "2 partial + 1 completed, 8 MB of base64 each",
  "1x30MB": "1 completed event, 30 MB of base64",
};

function table(head, rows) {
  const align = head.map((h) => (h.startsWith(">") ? "---:" : "---"));
  const clean = head.map((h) => h.replace(/^>/, ""));
  return [
    `| ${clean.join(" | ")} |`,
    `| ${align.join(" | ")} |`,
    ...rows.map((r) => `| ${r.join(" | ")} |`),
  ].join("\n");
}

/** The decode rows grouped by case, with easel's ratios to each decoder. */
function decodeCases(decode) {
  const cases = [];
  for (const row of decode) {
    let c = cases.find((k) => k.scenario === row.scenario && k.chunkSize === row.chunkSize);
    if (!c) {
      c = { scenario: row.scenario, chunkSize: row.chunkSize, rows: [] };
      cases.push(c);
    }
    c.rows.push(row);
  }
  for (const c of cases) {
    const get = (name) => c.rows.find((r) => r.decoder === name);
    c.easel = get("easel");
    c.ratio = (name) => pairedRatio(c.easel.runs, get(name).runs);
    c.vsOpenai = c.ratio("openai");
    c.vsFloor = c.ratio("floor");
    c.memoryVsOpenai = c.easel.peakRssMB / get("openai").peakRssMB;
    c.floorMemoryVsOpenai = get("floor").peakRssMB / get("openai").peakRssMB;
  }
  return cases;
}

function targetsSection(r, TARGETS) {
  const rows = [];
  const verdicts = {};
  if (r.decode) {
    const cases = decodeCases(r.decode);
    const minOf = (key) => Math.min(...cases.map((c) => c[key]));
    const maxOf = (key) => Math.max(...cases.map((c) => c[key]));
    const each = (key, format) =>
      cases.map((c) => `${c.scenario} @ ${chunkLabel(c.chunkSize)}: ${format(c[key])}`).join("; ");
    verdicts.decodeVsOpenai = minOf("vsOpenai") >= TARGETS.decodeVsOpenai;
    verdicts.decodeVsFloor = minOf("vsFloor") >= TARGETS.decodeVsFloor;
    verdicts.memoryVsOpenai = maxOf("memoryVsOpenai") <= TARGETS.memoryVsOpenai;
    rows.push([
      `1. Decode throughput >= ${TARGETS.decodeVsOpenai}x openai 7.x`,
      `worst ${x(minOf("vsOpenai"))} (${each("vsOpenai", x)})`,
      verdict(verdicts.decodeVsOpenai),
    ]);
    rows.push([
      `1. Decode throughput >= ${TARGETS.decodeVsFloor * 100}% of the floor`,
      `worst ${fixed(minOf("vsFloor") * 100)}% (${each("vsFloor", (v) => `${fixed(v * 100)}%`)})`,
      verdict(verdicts.decodeVsFloor),
    ]);
    rows.push([
      `1. Decode peak memory <= ${TARGETS.memoryVsOpenai}x openai 7.x's`,
      `worst ${x(maxOf("memoryVsOpenai"))} (${each("memoryVsOpenai", x)})`,
      verdict(verdicts.memoryVsOpenai),
    ]);
  }
  if (r.bundles) {
    const easel = r.bundles.find((b) => b.name === "easel");
    verdicts.bundle = easel.gzipBytes <= TARGETS.bundleGzipBytes;
    rows.push([
      `4. Browser app <= ${kb(TARGETS.bundleGzipBytes)} gzipped`,
      `${int(easel.gzipBytes)} B (${kb(easel.gzipBytes)}); openai ${kb(r.bundles.find((b) => b.name === "openai").gzipBytes)}, ai + @ai-sdk/openai ${kb(r.bundles.find((b) => b.name === "ai-sdk").gzipBytes)}`,
      verdict(verdicts.bundle),
    ]);
  }
  if (r.page) {
    verdicts.page = r.page.gzipBytes <= TARGETS.bundleGzipBytes;
    rows.push([
      `4. Demo page's script <= ${kb(TARGETS.bundleGzipBytes)} gzipped (issue 7 holds it to this budget)`,
      `${int(r.page.gzipBytes)} B (${kb(r.page.gzipBytes)})`,
      verdict(verdicts.page),
    ]);
  }
  if (r.proxy) {
    const get = (upstream, name) => r.proxy[upstream].rows.find((row) => row.name === name);
    const dev = get("emulator", "wrangler-dev");
    verdicts.proxy = get("replay", "workerd").overheadMs <= TARGETS.proxyOverheadMs;
    rows.push([
      `5. Proxy adds <= ${TARGETS.proxyOverheadMs} ms to the first event`,
      `${fixed(get("replay", "workerd").overheadMs, 1)} ms in workerd (the bare hop through workerd ${fixed(get("replay", "workerd-fetch").overheadMs, 1)} ms of it); with the live emulator, ${fixed(get("emulator", "workerd").overheadMs, 1)} ms within its render-time noise${dev ? `; ${fixed(dev.overheadMs, 1)} ms behind wrangler's dev server, which adds a hop` : ""}`,
      verdict(verdicts.proxy),
    ]);
  }
  return { verdicts, text: table(["target (issue 8)", "measured in this run", "verdict"], rows) };
}

function memoryVsFloor(cases) {
  const ratios = cases.map(
    (c) => c.easel.peakRssMB / c.rows.find((row) => row.decoder === "floor").peakRssMB,
  );
  const low = Math.min(...ratios);
  const high = Math.max(...ratios);
  return low.toFixed(2) === high.toFixed(2) ? x(low) : `${x(low)} to ${x(high)}`;
}

function decodeSection(r) {
  const plan = r.plan;
  const cases = decodeCases(r.decode);
  const out = [
    "## 1. Stream decode",
    "",
    "The SSE bytes of a streamed 4K generation, fed to each decoder as a `ReadableStream` of fixed-size chunks (views on one buffer, pulled on demand as `fetch` delivers them); every event's JSON is parsed and every `b64_json` length checked after each run.",
    "",
    "- **easel**: `decodeImageStream` from `@easel/core` (typed events, shapes checked), the library build that Node, Deno, Bun and Workers load. The targets are judged on it.",
    "- **easel-web**: the same function from core's web build, what a page bundles (the `browser` condition): the browser's streaming `TextDecoder` and plain `JSON.parse`, without the library build's fast path for megabyte image events. Run here in Node for comparison; a page parses one image at a time.",
    "- **openai**: `Stream.fromSSEResponse(new Response(body))` from `openai/streaming` (7.x), what `images.generate({ stream: true })` iterates.",
    "- **parser**: bare `eventsource-parser` + `TextDecoder` (`stream: true`) + `JSON.parse`: easel's building blocks used plainly.",
    "- **floor**: `TextDecoder` (one call per chunk, its fast path) + a scan for `\\n\\n` + joining each event's text into one string: no SSE fields, no JSON. What reading the bytes into strings costs at least.",
    "",
    `**Throughput**: one child process per case runs the five decoders interleaved (each round runs each once, in a shuffled order, so no decoder always follows the same one) after a warm-up round, so machine noise hits them alike; MB/s (of SSE bytes) is the median of ${plan.decodeRounds} rounds, and "easel is" the median of the per-round ratios (the decoders of one round ran back to back, so a burst of load from other processes hits both sides of a ratio alike).`,
    `**Memory**: each decoder and case in ${plan.memoryRuns} fresh child process${plan.memoryRuns === 1 ? "" : "es"}. A child builds the input, loads the decoder, collects garbage twice and takes its RSS as the baseline, decodes once, and reports \`process.resourceUsage().maxRSS\` (the process's high-water mark) minus the baseline: the most memory the decode added at any instant, uncollected garbage included (memory the process really held). "Heap" samples \`heapUsed + arrayBuffers\` above the baseline every MB the body hands out: the JS-visible part. Figures are medians over the processes.`,
    "",
  ];
  for (const c of cases) {
    out.push(
      `### ${scenarioLabel[c.scenario]}, ${chunkLabel(c.chunkSize)} chunks (${fixed(c.easel.inputBytes / MB, 1)} MB of SSE)`,
      "",
    );
    out.push(
      table(
        [
          "decoder",
          `>MB/s (median of ${plan.decodeRounds})`,
          ">easel is",
          ">peak RSS added (MB)",
          ">easel's / this",
          ">peak heap (MB)",
          "runs (MB/s)",
        ],
        c.rows.map((row) => [
          row.decoder,
          fixed(row.mbps),
          row.decoder === "easel" ? "" : x(c.ratio(row.decoder)),
          fixed(row.peakRssMB, 1),
          row.decoder === "easel" || !Number.isFinite(row.peakRssMB)
            ? ""
            : x(c.easel.peakRssMB / row.peakRssMB),
          fixed(row.peakHeapMB, 1),
          row.runs.map((m) => fixed(m)).join(", "),
        ]),
      ),
      "",
    );
  }
  out.push(
    `The largest event bounds the memory of any decoder that hands \`b64_json\` over as a string: the chunks of the event's text are held until its end, then joined into one string, so about twice the event's size is live at the end of the event. The floor pays exactly that; easel's peak is ${memoryVsFloor(cases)} of the floor's (it slices \`b64_json\` out of the event text instead of copying it through \`JSON.parse\`; where it is above the floor, the heap column shows the difference is earlier events' text not yet collected). openai 7.x holds more: it gathers each event's bytes in a growing buffer (capacity doubling), copies them into its line decoder's buffer, decodes the line into a string, and \`JSON.parse\` copies the megabytes of base64 once more.`,
    "",
  );
  return out.join("\n");
}

function base64Section(r) {
  const out = [
    "## 2. Base64 to bytes",
    "",
    `The \`b64_json\` of the images above turned into bytes (MB/s of base64 text, median of ${r.plan.base64Rounds} interleaved rounds in shuffled order after a warm-up, one child process per size; each method's bytes are checked against \`Buffer\`'s).`,
    "",
  ];
  const sizes = r.base64.map((b) => b.b64Length);
  const rowsOf = (name) => r.base64.map((b) => b.rows.find((row) => row.name === name));
  const ratioTo = (name, peer) =>
    rowsOf(name)
      .map((row, i) =>
        row.mbps && rowsOf(peer)[i].mbps ? x(pairedRatio(row.runs, rowsOf(peer)[i].runs)) : "",
      )
      .join(" / ");
  out.push(
    table(
      [
        "path",
        "method",
        ...sizes.map((s) => `>${fixed(s / MB)} MB: MB/s`),
        ">vs the openai user's way",
      ],
      BASE64_METHODS.map((m) => {
        const rows = rowsOf(m.name);
        const peer =
          m.name === "easel-node"
            ? "openai-node"
            : m.name.startsWith("easel-atob")
              ? "openai-atob"
              : undefined;
        return [
          m.name.endsWith("node") ? "Node" : "browser",
          m.label,
          ...rows.map((row) => (row.mbps === null ? "absent on this runtime" : fixed(row.mbps))),
          peer ? ratioTo(m.name, peer) : "",
        ];
      }),
    ),
    "",
    `- Node: \`decodeBase64\` is \`Buffer.from(text, "base64")\`, what an openai user writes by hand, so the two are the same code (the ratio is noise around 1x). easel's gain here is that \`bytes()\` decodes once and caches, and that users need not write it.`,
    `- Browser: \`Uint8Array.fromBase64\` is ${r.base64[0].rows.find((row) => row.name === "fromBase64").mbps === null ? `not available on Node ${r.machine.node} (V8 ${r.machine.v8})` : "available here"}; where a browser has it, \`decodeBase64\` uses it (native, no intermediate string). Without it, \`decodeWithAtob\` runs \`atob\` and a byte loop; the common openai-user idiom \`Uint8Array.from(atob(b64), c => c.charCodeAt(0))\` calls a mapping function per byte through the string iterator. Measured on Node's V8; browsers' \`atob\` differs, the ratio of the byte loops holds.`,
    "",
  );
  return out.join("\n");
}

function validateSection(r) {
  const v = r.validate;
  return [
    "## 3. Request validation",
    "",
    `\`validateImageRequest\` on a typical gpt-image-2 request (a ${r.validate.promptChars}-character prompt, a free size, quality, n, format, compression), ${int(r.plan.validateCalls)} calls per run, median of ${r.plan.validateRuns} runs after a warm-up.`,
    "",
    table(
      ["client", ">ops/s", ">µs per call", "what a mistake costs"],
      [
        [
          "easel",
          int(v.opsPerSecond),
          fixed(v.usPerCall, 2),
          `caught before sending, every issue at once, e.g. "${v.issueMessage}"`,
        ],
        [
          "openai 7.x",
          "none",
          "",
          `no validation: the request is sent and refused with a 400. That round trip, measured here against the local emulator: ${fixed(v.openaiRoundTripMs, 1)} ms (median), ${int((v.openaiRoundTripMs * 1000) / v.usPerCall)}x easel's check, before any real network latency`,
        ],
        [
          "ai + @ai-sdk/openai",
          "none",
          "",
          "no check of size, quality or prompt against the model's rules: they go to the API as given (the provider options are only parsed for their types)",
        ],
      ],
    ),
    "",
  ].join("\n");
}

function bundleSection(r) {
  const easel = r.bundles.find((b) => b.name === "easel");
  const out = [
    "## 4. Browser bundle",
    "",
    "The same page written three ways (`tooling/bench/apps/`): read a prompt, validate, generate through the proxy at `/api` with streaming, show each partial image and the final one. Bundled by esbuild 0.27 with `--bundle --minify --format=esm --platform=browser` (its JS API, same options), compressed with zlib's gzip at level 9 (`gzip -9n`).",
    "",
    table(
      ["app", "packages", ">minified", ">gzip -9", ">easel is smaller by"],
      r.bundles.map((b) => [
        `\`apps/${b.file}\``,
        b.packages,
        `${int(b.minifiedBytes)} B`,
        `**${int(b.gzipBytes)} B** (${kb(b.gzipBytes)})`,
        b === easel ? "" : x(b.gzipBytes / easel.gzipBytes),
      ]),
    ),
    "",
    "- openai: no validation exists to include; the page shows partial images as data URLs.",
    '- ai + @ai-sdk/openai: `generateImage({ model: openai.image("gpt-image-2") })` is the equivalent call, but it has **no streaming**, so that page shows only the final image; no validation either. Its bundle pulls two copies of `@ai-sdk/provider-utils` (ai 6.0.324 pins 4.0.64, @ai-sdk/openai 3.0.141 pins 4.0.66), as any app installing both gets.',
    "",
  ];
  if (r.contributors) {
    const c = r.contributors;
    out.push(
      "### Where the easel app's bytes are",
      "",
      `esbuild's metafile, with the app bundled from the workspace packages' TypeScript sources (each package's dist is one file, which the metafile cannot see into; this build is ${int(c.gzipBytes)} B gzipped against ${int(easel.gzipBytes)} B from dist). "Share of gzip" is the gzip size of the whole bundle minus that of the bundle without the file's bytes (found through the source map): an estimate of what removing the file would save.`,
      "",
      table(
        ["file", ">minified", ">share of gzip"],
        c.files
          .filter((f) => f.bytes > 0)
          .map((f) => [`\`${f.path}\``, `${int(f.bytes)} B`, `${int(f.gzipShare)} B`]),
      ),
      "",
    );
  }
  return out.join("\n");
}

const ROUTES = {
  direct: "client -> upstream",
  workerd:
    "client -> workerd running `createImagesProxy` (`tooling/bench/worker/proxy-worker.ts`, via Miniflare: one workerd process, as a Worker runs in production) -> upstream",
  "workerd-fetch":
    "client -> the same workerd answering with a bare `fetch` to the upstream: the hop alone, without the proxy's checks",
  "wrangler-dev":
    "client -> wrangler's dev server (`unstable_startWorker`) -> the same Worker -> upstream; `wrangler dev` puts its own proxy Worker, in a second workerd process, in front of yours",
};

function proxySection(r) {
  const p = r.proxy;
  const rows = (result) =>
    result.rows.map((row) => [
      row.name,
      ROUTES[row.name],
      fixed(row.ms, 2),
      row.name === "direct" ? "" : fixed(row.overheadMs, 2),
    ]);
  const head = [
    "route",
    "path",
    ">first event (median ms)",
    ">added vs direct (median of differences, ms)",
  ];
  return [
    "## 5. Proxy overhead",
    "",
    `Time from \`client.images.generate(...)\` to the first partial event yielded (response headers, the event's ${int(p.replay.eventBytes)} bytes of base64 and its decoding), for \`${JSON.stringify(p.request)}\`, straight from the upstream and through \`createImagesProxy\` in workerd. The client is \`@easel/core\`'s, in this process; each upstream is a Node server on 127.0.0.1 in its own process; every stream is read to its end so the upstream is idle before the next request. Routes take turns request by request after warm-up rounds. The overhead is the median of the per-round differences to \`direct\`.`,
    "",
    `### Replayed emulator answer (${p.replay.rounds} rounds): the target's measurement`,
    "",
    "The emulator's answer to this request (status, headers, SSE bytes) recorded once at start-up and served again to every request (`tooling/bench/src/replay-server.mjs`). With no render time, what remains is the transport and the proxy.",
    "",
    table(head, rows(p.replay)),
    "",
    `### Live emulator (${p.emulator.rounds} rounds)`,
    "",
    "The emulator itself renders and encodes the partial image for every request: tens of ms that vary by more than the overhead being measured, so these differences are noisy (they can come out negative) and confirm the replay figures only roughly.",
    "",
    table(head, rows(p.emulator)),
    "",
    "`workerd - workerd-fetch` is what `createImagesProxy`'s own work costs (auth, body limits, JSON depth, validation, policy, rebuilding the request); `workerd-fetch - direct` is the hop through workerd (one more loopback connection, workerd's HTTP handling and stream pass-through). The client, workerd and the upstream share the machine's cores.",
    p.devError
      ? `\nwrangler's dev server did not start in this run: ${p.devError.split("\n")[0]}`
      : "",
    "",
  ].join("\n");
}

function e2eSection(r) {
  const e = r.e2e;
  return [
    "## 6. End to end: emulator to a saved 4K PNG",
    "",
    `\`${JSON.stringify(e.request)}\` against the emulator (a real HTTP server on 127.0.0.1, its own process), then the image written to disk. Each generation runs in a fresh client process (the two clients take turns, ${e.runs} runs each); time from the call to the file written, and peak memory as maxRSS minus the RSS once the client was loaded, both medians.`,
    "",
    table(
      ["client", "code", ">time (median ms)", ">peak RSS added (MB)", ">file"],
      e.rows.map((row) => [
        row.name,
        row.name === "easel"
          ? "`@easel/node`: `createImagesClient` + `images.generate` + `saveImages` (atomic write)"
          : 'openai 7.x: `images.generate` + `Buffer.from(b64_json, "base64")` + `fs.writeFile`',
        fixed(row.ms),
        fixed(row.peakRssMB, 1),
        `${fixed(row.fileBytes / MB, 2)} MB PNG`,
      ]),
    ),
    "",
    "The emulator's rendering and PNG encoding of 8.3 megapixels dominate both times alike (its pattern compresses to a small PNG), so the clients differ little here; the decode benchmark above isolates the client-side work on a full-size payload.",
    "",
  ].join("\n");
}

/** Text for each missed target: the cause found and the fix proposed. */
function missesSection(r, verdicts, TARGETS) {
  const out = ["## Misses: causes and proposed fixes", ""];
  let any = false;
  // A side experiment (not re-run by `pnpm bench`, numbers from its run): core cut down to
  // what the issues require and nothing more, bundled the same way.
  const floor =
    "A side experiment (not re-run by `pnpm bench`) cut core down to what the issues require and nothing more: no speed optimisation, no option, getter or warning beyond the issues' lists, every easel message at its shortest, the API's own words unchanged. With that core the reference app is 9,259 B (9,392 B with the b64 fast path that the 3x decode target needs), and the demo page 11,555 B with what the page uses back (the proxy token, `onImage`, `retryAfterMs`). eventsource-parser, which issue 3 requires and TOOLCHAIN.md pins at 3.1.1, is 1,222 B of that app; with a 44-line SSE splitter in its place (it matched eventsource-parser on 20,000 random inputs and chunkings) the app is 8,225 B.";
  if (verdicts.bundle === false) {
    any = true;
    const easel = r.bundles.find((b) => b.name === "easel");
    const top = (r.contributors?.files ?? [])
      .slice(0, 6)
      .map((f) => `\`${f.path.replace(/^packages\//, "")}\` ${int(f.gzipShare)} B`);
    out.push(
      `### Browser bundle: ${int(easel.gzipBytes)} B, ${int(easel.gzipBytes - TARGETS.bundleGzipBytes)} B over ${int(TARGETS.bundleGzipBytes)} B`,
      "",
      `Largest shares of the gzip size: ${top.join(", ")} (table above). ${floor} So the target is within reach: find what grew (\`node tooling/bench/size-report.mjs\` gives each file's share) and cut it.`,
      "",
    );
  }
  if (verdicts.page === false) {
    any = true;
    const easel = r.bundles.find((b) => b.name === "easel");
    out.push(
      `### Demo page's script: ${int(r.page.gzipBytes)} B, ${int(r.page.gzipBytes - TARGETS.bundleGzipBytes)} B over ${int(TARGETS.bundleGzipBytes)} B`,
      "",
      `**Cause.** The page is the reference app (${int(easel.gzipBytes)} B in this run) plus what issue 7 asks of the page: the live check that shows the broken rule, the cost estimate before and after, elapsed time, the download, the proxy token and the messages for 401, 429 and moderation. That adds ${int(r.page.gzipBytes - easel.gzipBytes)} B (\`node tooling/bench/size-report.mjs --page\` shows each file's share); the page's words are in its HTML, not its script.`,
      "",
      `**Out of reach while eventsource-parser is required, measured.** ${floor} So even a core with nothing but the required features leaves the page about 1.3 KB over 10 KB; no amount of trimming easel's own code closes that. Meeting the budget needs a decision this project has not taken alone: a page budget of its own (the page's build enforces one, \`page/build.mjs --max-gzip\`), or dropping eventsource-parser and page features.`,
      "",
    );
  }
  if (verdicts.proxy === false) {
    any = true;
    const get = (name) => r.proxy.replay.rows.find((row) => row.name === name);
    out.push(
      `### Proxy overhead: ${fixed(get("workerd").overheadMs, 1)} ms`,
      "",
      `The bare hop through workerd (\`workerd-fetch\`) adds ${fixed(get("workerd-fetch").overheadMs, 1)} ms here, and createImagesProxy's own checks ${fixed(get("workerd").overheadMs - get("workerd-fetch").overheadMs, 1)} ms on top of it. Profile the proxy's part in workerd (\`wrangler dev\` with the inspector) if it is the larger one; the hop is workerd's.`,
      "",
    );
  }
  for (const key of ["decodeVsOpenai", "decodeVsFloor", "memoryVsOpenai"]) {
    if (verdicts[key] === false) {
      any = true;
      out.push(
        `### ${key}`,
        "",
        "Missed in this run; see the decode tables above for the case. The floor's row shows what reading the bytes costs at least on this machine. Re-run `pnpm bench` on a quiet machine before acting: other processes running during the run show up as spread in the per-round figures.",
        "",
      );
    }
  }
  if (!any) out.push("Every target was met in this run.", "");
  return out.join("\n");
}

/** The whole BENCHMARKS.md. */
export function renderReport(r, { TARGETS, BUDGETS }) {
  const m = r.machine;
  const { verdicts, text } = targetsSection(r, TARGETS);
  const sections = [
    "# Benchmarks",
    "",
    `Generated by \`pnpm bench\` (\`tooling/bench/run.mjs\`) on ${r.date.toISOString().slice(0, 16).replace("T", " ")} UTC in ${fixed(r.seconds)} s. Do not edit: run it again. Every ratio compares figures measured in this same run, on the same bytes.`,
    "",
    table(
      ["machine", ""],
      [
        ["CPU", `${m.cpu}, ${m.cores} cores`],
        ["memory", `${fixed(m.memoryGB, 1)} GB`],
        ["OS", m.os],
        ["Node", `${m.node} (V8 ${m.v8})`],
      ],
    ),
    "",
    table(
      ["package", "version"],
      Object.entries(r.versions).map(([name, v]) => [name, v]),
    ),
    "",
    "## Targets",
    "",
    text,
    "",
    `CI runs \`node tooling/bench/run.mjs --quick --check\` (also \`tooling/bench/test/budgets.test.ts\` under \`pnpm test\`): the 3x8MB @ 16 KB decode (${QUICK.decodeRounds} rounds) and the bundles, failing when easel decodes under ${BUDGETS.decodeVsOpenai}x openai or ${BUDGETS.decodeVsFloor * 100}% of the floor, holds more than ${BUDGETS.memoryVsOpenai}x openai's peak memory, or the easel app's gzip size passes ${int(BUDGETS.bundleGzipBytes)} B (${BUDGETS.bundleGzipBytes <= TARGETS.bundleGzipBytes ? "the 10 KB target itself" : "the budget sits just above today's size while the 10 KB target is missed; lower it as the size comes down"}). The demo page's script has its own budget in the Worker's build (\`page/build.mjs --max-gzip\`).`,
    "",
  ];
  if (r.decode) sections.push(decodeSection(r));
  if (r.base64) sections.push(base64Section(r));
  if (r.validate) sections.push(validateSection(r));
  if (r.bundles) sections.push(bundleSection(r));
  if (r.proxy) sections.push(proxySection(r));
  if (r.e2e) sections.push(e2eSection(r));
  const notMeasured = Object.entries(r.notMeasured ?? {});
  if (notMeasured.length > 0) {
    sections.push(
      "## Not measured in this run",
      "",
      ...notMeasured.map(([name, why]) => `- ${name}: ${why.split("\n")[0]}`),
      "",
    );
  }
  sections.push(missesSection(r, verdicts, TARGETS));
  return `${sections.join("\n")}\n`.replace(/\n{3,}/g, "\n\n");
}
