import { estimateUsage, MODEL_REGISTRY, validateImageRequest } from "@easel/core";
import {
  type EmulatedError,
  fileExpired,
  fileNotFound,
  invalidApiKey,
  invalidJson,
  invalidUrl,
  missingApiKey,
  moderationBlocked,
  rateLimited,
  serverError,
  unavailable,
  unknownFault,
  unknownModel,
} from "./api-errors";
import {
  FAULT_NAMES,
  type FaultName,
  type FaultSpec,
  type ImagesEmulatorOptions,
} from "./emulator-options";
import { FAULT_HEADERS, FaultCounter, normalizeFault } from "./fault-counter";
import { imageEventStream } from "./image-event-stream";
import { ImageFileStore } from "./image-file-store";
import { jsonWithBase64, randomHex } from "./json-with-base64";
import { type BodyOutcome, delay, forever, pullStream } from "./pull-stream";
import { RateLimitWindow } from "./rate-limit-window";
import { renderImage } from "./render-image";
import { type Generation, resolveGeneration } from "./resolve-generation";

/**
 * Counters of what the emulator has served; tests read them to see retries and aborts.
 *
 * @example
 * ```ts
 * await emulator.whenIdle();
 * expect(emulator.stats).toMatchObject({ generations: 1, cancelled: 1 });
 * ```
 */
export interface EmulatorStats {
  /** Every request the emulator received, on any route. */
  requests: number;
  /** `POST /images/generations` requests. */
  generations: number;
  /** Responses still being produced (a stream being sent, a latency being waited out). */
  active: number;
  /** Responses whose body was sent to the end. */
  completed: number;
  /** Responses the client abandoned: body cancelled, or request aborted before the answer. */
  cancelled: number;
  /** Faults injected. */
  faults: number;
  /** Final images generated (partial images not counted). */
  images: number;
}

/**
 * A fault only a server owning the socket can carry out (see `startEmulator`).
 *
 * @example
 * ```ts
 * const outcome = await emulator.dispatch(request);
 * if (!(outcome instanceof Response)) socket.destroy(); // outcome.connectionFault says how
 * ```
 */
export interface ConnectionFault {
  connectionFault: "reset-before-headers" | "drop-after-request";
}

/**
 * The emulator: a `(request) => Promise<Response>` handler with test controls.
 *
 * @example
 * ```ts
 * const emulator: ImagesEmulator = createImagesEmulator();
 * export default { fetch: emulator }; // a Worker
 * ```
 */
export interface ImagesEmulator {
  /** Answers one request: usable as a Worker's `fetch` handler or behind any server. */
  (request: Request): Promise<Response>;
  /** A drop-in `fetch` for clients (`createImagesClient({ fetch: emulator.fetch })`, the `openai` SDK). */
  readonly fetch: (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
  /**
   * Like calling the handler, but connection faults come back as a {@link ConnectionFault}
   * for the server to act on, instead of a rejected promise. `signal` (default
   * `request.signal`) tells the emulator the client went away; pass the controlling signal
   * itself, because a `Request`'s own signal may stop following it once the `Request` is
   * garbage-collected (undici holds that link weakly).
   */
  dispatch(
    request: Request,
    options?: { signal?: AbortSignal | undefined },
  ): Promise<Response | ConnectionFault>;
  /** False when the configured fault resets new connections (`reset-before-headers`). */
  acceptConnection(): boolean;
  /** A live view of the counters. */
  readonly stats: Readonly<EmulatorStats>;
  /** Sets all counters to zero (`active` excepted: those responses are still running). */
  resetStats(): void;
  /** Replaces the configured fault (`undefined` for none) and restarts its count. */
  setFault(fault: FaultName | FaultSpec | undefined): void;
  /** Restarts every fault count, header faults included. */
  resetFaults(): void;
  /** Resolves when no response is in progress. */
  whenIdle(): Promise<void>;
}

const GENERATIONS = /^(\/v1)?\/images\/generations\/?$/;
const FILES = /^(\/v1)?\/images\/files\/([A-Za-z0-9_-]{1,100})$/;
const DEFAULT_INTERVAL_MS = 300;
const DEFAULT_TRIGGER = "forbidden-trigger";
const KNOWN_MODELS = Object.keys(MODEL_REGISTRY);
const MIME = { png: "image/png", jpeg: "image/jpeg", webp: "image/webp" } as const;
const clock = () =>
  typeof performance !== "undefined" && typeof performance.now === "function"
    ? performance.now()
    : Date.now();

/**
 * Creates a local, deterministic stand-in for OpenAI's `POST /v1/images/generations`, using
 * only Web APIs (runs in Node, Workers and browsers). It validates with `@easel/core`'s rules
 * and answers with the API's statuses, error bodies, headers, usage and stream events; images
 * are real PNG, JPEG or WebP files of the requested size, a pattern seeded by the prompt.
 * Faults (429, 5xx, dropped connections, broken streams, moderation) are injected by option or
 * by `x-emulator-*` request header; see the package README.
 *
 * @example
 * ```ts
 * const emulator = createImagesEmulator({ streamIntervalMs: 0 });
 * const client = createImagesClient({ apiKey: "test", baseURL: "http://emulator/v1", fetch: emulator.fetch });
 * const { images } = await client.images.generate({ model: "gpt-image-1.5", prompt: "a kite" });
 * ```
 */
export function createImagesEmulator(options: ImagesEmulatorOptions = {}): ImagesEmulator {
  const now = options.now ?? Date.now;
  const honourHeaders = options.faultHeaders !== false;
  const trigger =
    options.moderationTrigger === undefined ? DEFAULT_TRIGGER : options.moderationTrigger;
  const faults = new FaultCounter(normalizeFault(options.fault));
  const ttlMs = options.urlTtlMs ?? 3_600_000;
  const files = new ImageFileStore({
    ttlMs,
    capacity: options.maxStoredImages ?? 100,
    now,
  });
  const limits = new RateLimitWindow(
    {
      requests: options.rateLimits?.requests ?? 250,
      tokens: options.rateLimits?.tokens ?? 250_000,
    },
    now,
  );
  const stats: EmulatorStats = {
    requests: 0,
    generations: 0,
    active: 0,
    completed: 0,
    cancelled: 0,
    faults: 0,
    images: 0,
  };
  let idleWaiters: (() => void)[] = [];
  const streamedBodies = new WeakSet<Response>();
  const streamed = (response: Response) => {
    streamedBodies.add(response);
    return response;
  };

  // One per generation request: counts it as active until its response is fully out.
  function track() {
    stats.active++;
    let done = false;
    return (outcome: BodyOutcome) => {
      if (done) return;
      done = true;
      stats.active--;
      if (outcome === "cancelled") stats.cancelled++;
      else if (outcome === "completed") stats.completed++;
      if (stats.active === 0) {
        const waiters = idleWaiters;
        idleWaiters = [];
        for (const resolve of waiters) resolve();
      }
    };
  }

  function headerNumber(request: Request, name: string): number | undefined {
    if (!honourHeaders) return undefined;
    const value = request.headers.get(name);
    if (value === null || !/^\d+$/.test(value.trim())) return undefined;
    return Number(value.trim());
  }

  async function dispatch(
    request: Request,
    dispatchOptions: { signal?: AbortSignal | undefined } = {},
  ): Promise<Response | ConnectionFault> {
    const signal = dispatchOptions.signal ?? request.signal;
    stats.requests++;
    const url = new URL(request.url);
    const file = FILES.exec(url.pathname);
    if (file && (request.method === "GET" || request.method === "HEAD")) {
      return serveFile(file[2]!, request.method === "HEAD");
    }
    if (!GENERATIONS.test(url.pathname) || request.method !== "POST") {
      return errorResponse(invalidUrl(request.method, url.pathname), baseHeaders(0));
    }

    stats.generations++;
    const started = clock();
    const end = track();
    try {
      const outcome = await generate(request, signal, url, started, end);
      // Streamed bodies report their own end; everything else is complete once returned.
      if (!(outcome instanceof Response) || !streamedBodies.has(outcome)) end("completed");
      return outcome;
    } catch (error) {
      end(signal.aborted ? "cancelled" : "failed");
      throw error;
    }
  }

  async function generate(
    request: Request,
    signal: AbortSignal,
    url: URL,
    started: number,
    end: (outcome: BodyOutcome) => void,
  ): Promise<Response | ConnectionFault> {
    const choice = faults.choose(request.headers, honourHeaders);
    if (choice.kind === "unknown") {
      return errorResponse(unknownFault(choice.name, FAULT_NAMES), baseHeaders(0));
    }
    const fault = choice.kind === "fault" ? choice.fault : undefined;
    if (fault) stats.faults++;
    if (fault === "reset-before-headers") return { connectionFault: fault };

    const auth = checkAuth(request.headers.get("authorization"));
    if (auth) return errorResponse(auth, baseHeaders(0));

    let text: string;
    try {
      text = await request.text();
    } catch (error) {
      if (signal.aborted) throw abortReason(signal);
      throw error;
    }
    if (fault === "drop-after-request") return { connectionFault: fault };

    const latencyMs = headerNumber(request, FAULT_HEADERS.latency) ?? options.latencyMs ?? 0;
    if (latencyMs > 0) {
      try {
        await delay(latencyMs, signal);
      } catch {
        throw abortReason(signal);
      }
    }
    const headers = (extra?: Record<string, string>) => ({
      ...baseHeaders(clock() - started),
      "x-emulator-latency-ms": String(latencyMs),
      ...extra,
    });

    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return errorResponse(invalidJson(), headers());
    }
    const model =
      typeof body === "object" &&
      body !== null &&
      typeof (body as { model?: unknown }).model === "string"
        ? (body as { model: string }).model
        : "dall-e-2";
    const retryAfter = choice.kind === "fault" ? choice.retryAfter : undefined;
    if (fault === "rate-limit") {
      return errorResponse(rateLimited(model, retryAfter ?? 1), headers());
    }
    if (fault === "server-error" || fault === "unavailable") {
      const failure = fault === "server-error" ? serverError() : unavailable();
      return errorResponse(
        failure,
        headers(retryAfter === undefined ? undefined : { "retry-after": String(retryAfter) }),
      );
    }

    const checked = validateImageRequest(body, { now: new Date(now()) });
    if (!checked.ok) {
      const issue = checked.issues[0]!;
      return errorResponse(
        {
          status: 400,
          error: { message: issue.message, type: issue.type, param: issue.param, code: issue.code },
        },
        headers(),
      );
    }
    if (checked.spec === undefined) {
      return errorResponse(unknownModel(checked.model, KNOWN_MODELS), headers());
    }
    const generation = resolveGeneration(checked.request, checked.model, checked.spec);
    const usage =
      generation.family === "gpt-image"
        ? estimateUsage({
            prompt: generation.prompt,
            quality: generation.quality,
            size: generation.size,
            n: generation.n,
            partial_images: generation.partialImages,
          })
        : undefined;
    limits.record(usage?.total_tokens ?? 0);

    const blocked =
      fault === "moderation" ||
      (trigger !== null &&
        trigger !== "" &&
        generation.prompt.toLowerCase().includes(trigger.toLowerCase()));

    if (generation.stream) {
      const intervalMs =
        headerNumber(request, FAULT_HEADERS.interval) ??
        options.streamIntervalMs ??
        DEFAULT_INTERVAL_MS;
      const streamFault = blocked ? "moderation" : fault;
      const events =
        fault === "reset-after-headers"
          ? failingBody(end)
          : pullStream(
              (signal) =>
                imageEventStream(
                  {
                    generation,
                    intervalMs,
                    now,
                    fault: streamFault,
                    onImage: () => {
                      stats.images++;
                    },
                  },
                  signal,
                ),
              end,
            );
      return streamed(
        new Response(followSignal(events, signal), {
          status: 200,
          headers: headers({
            "content-type": "text/event-stream; charset=utf-8",
            "cache-control": "no-cache",
          }),
        }),
      );
    }

    if (blocked || fault === "error-event") return errorResponse(moderationBlocked(), headers());

    // Non-streamed: generate every image before answering, as the API does (the headers come
    // when the images are ready). Raw pixels are dropped image by image; only encoded files
    // are kept, and their base64 is produced while the body is being sent.
    const images: Uint8Array[] = [];
    for (let index = 0; index < generation.n; index++) {
      if (signal.aborted) throw abortReason(signal);
      images.push(await renderImage(generation, index, 1));
      stats.images++;
    }
    if (signal.aborted) throw abortReason(signal);

    const created = Math.floor(now() / 1000);
    const jsonHeaders = headers({ "content-type": "application/json" });
    if (fault === "reset-after-headers") {
      return streamed(new Response(failingBody(end), { status: 200, headers: jsonHeaders }));
    }
    const data = images.map((bytes, index) => imageData(generation, bytes, index, url));
    const produce = (ref: (bytes: Uint8Array) => string) => ({
      created,
      ...(generation.family === "gpt-image" ? { background: generation.background } : {}),
      // The API's field order: b64_json, revised_prompt, url.
      data: data.map((item) =>
        item.bytes ? { b64_json: ref(item.bytes), ...item.fields } : item.fields,
      ),
      ...(generation.family === "gpt-image"
        ? {
            output_format: generation.outputFormat,
            quality: generation.quality,
            size: generation.size,
            usage,
          }
        : {}),
    });
    const json = pullStream(async function* (signal) {
      const chunks = jsonWithBase64(produce);
      if (fault === "truncate" || fault === "malformed-event") {
        // Half the body, then a clean end: the client gets JSON that does not parse.
        const all = [...chunks];
        const half = Math.max(1, Math.floor(all.length / 2));
        for (const chunk of all.slice(0, half))
          yield chunk.subarray(0, Math.ceil(chunk.length / 2));
        return;
      }
      if (fault === "stall") await forever(signal);
      yield* chunks;
    }, end);
    return streamed(
      new Response(followSignal(json, signal), { status: 200, headers: jsonHeaders }),
    );
  }

  function imageData(generation: Generation, bytes: Uint8Array, index: number, url: URL) {
    const fields: Record<string, string> = {};
    if (generation.model === "dall-e-3") fields.revised_prompt = revisePrompt(generation, index);
    if (generation.responseFormat === "url") {
      const id = `img_${randomHex(12)}`;
      files.put(id, { bytes, contentType: MIME[generation.outputFormat] });
      const prefix = url.pathname.startsWith("/v1/") ? "/v1" : "";
      return { fields: { ...fields, url: `${url.origin}${prefix}/images/files/${id}` } };
    }
    return { fields, bytes };
  }

  function serveFile(id: string, head: boolean): Response {
    const found = files.get(id);
    if (found.state === "missing") return errorResponse(fileNotFound(id), baseHeaders(0));
    if (found.state === "expired") {
      return errorResponse(fileExpired(id, found.expiredAt, ttlMs), baseHeaders(0));
    }
    const { bytes, contentType, expiresAt } = found.image;
    const maxAge = Math.max(0, Math.floor((expiresAt - now()) / 1000));
    return new Response(head ? null : (bytes as Uint8Array<ArrayBuffer>), {
      status: 200,
      headers: {
        "content-type": contentType,
        "content-length": String(bytes.length),
        "cache-control": `private, max-age=${maxAge}`,
        expires: new Date(expiresAt).toUTCString(),
      },
    });
  }

  function checkAuth(header: string | null): EmulatedError | undefined {
    const match = header === null ? null : /^Bearer\s+(\S.*)$/i.exec(header.trim());
    if (!match) return missingApiKey();
    const key = match[1]!.trim();
    if (options.apiKeys && !options.apiKeys.includes(key)) return invalidApiKey(key);
    return undefined;
  }

  function baseHeaders(processingMs: number): Record<string, string> {
    return {
      "x-request-id": `req_${randomHex(16)}`,
      "openai-processing-ms": String(Math.max(0, Math.round(processingMs))),
      "openai-version": "2020-10-01",
      ...limits.headers(),
    };
  }

  const answer = async (request: Request, signal?: AbortSignal): Promise<Response> => {
    const outcome = await dispatch(request, { signal });
    if (outcome instanceof Response) return outcome;
    throw connectionFaultError(outcome.connectionFault);
  };
  const handler = (request: Request): Promise<Response> => answer(request);

  const emulator = Object.assign(handler, {
    fetch: (input: string | URL | Request, init?: RequestInit) => {
      // The caller's own signal, not the Request's copy of it (see `dispatch`).
      const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined);
      return answer(toRequest(input, init), signal ?? undefined);
    },
    dispatch,
    acceptConnection() {
      if (faults.chooseConfigured("reset-before-headers").kind === "none") return true;
      stats.faults++;
      return false;
    },
    stats,
    resetStats() {
      stats.requests = 0;
      stats.generations = 0;
      stats.completed = 0;
      stats.cancelled = 0;
      stats.faults = 0;
      stats.images = 0;
    },
    setFault(fault: FaultName | FaultSpec | undefined) {
      faults.setConfigured(normalizeFault(fault));
    },
    resetFaults() {
      faults.reset();
    },
    whenIdle() {
      if (stats.active === 0) return Promise.resolve();
      return new Promise<void>((resolve) => idleWaiters.push(resolve));
    },
  });
  return emulator;
}

/**
 * dall-e-3 rewrites prompts; the emulator's rewrite is a deterministic elaboration, so tests
 * can tell it from the prompt and rely on it.
 */
function revisePrompt(generation: Generation, index: number): string {
  const style =
    generation.style === "natural"
      ? "in a natural, understated style with soft, realistic light"
      : "in a vivid, dramatic style with rich colour and strong contrast";
  const detail = generation.quality === "hd" ? ", rendered in fine detail" : "";
  const variant = index === 0 ? "" : ` (variation ${index + 1})`;
  return `${generation.prompt.trim()}, depicted ${style}${detail}, at ${generation.size}${variant}.`;
}

function errorResponse(error: EmulatedError, headers: Record<string, string>): Response {
  return new Response(JSON.stringify({ error: error.error }), {
    status: error.status,
    headers: { ...headers, ...error.headers, "content-type": "application/json" },
  });
}

/** A body that fails on its first read: the connection breaks right after the headers. */
function failingBody(end: (outcome: BodyOutcome) => void): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      end("failed");
      controller.error(
        new TypeError("terminated: the emulator reset the connection after the headers"),
      );
    },
    cancel() {
      end("cancelled");
    },
  });
}

/**
 * Links a body to the request's signal as `fetch` does: when the client aborts, reading fails
 * with the abort reason and the producer is cancelled. Behind a server the signal fires when
 * the client disconnects.
 */
function followSignal(
  body: ReadableStream<Uint8Array>,
  signal: AbortSignal,
): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  let onAbort: (() => void) | undefined;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        onAbort = () => {
          reader.cancel(signal.reason).catch(() => {});
          try {
            controller.error(abortReason(signal));
          } catch {
            // Already closed or errored.
          }
        };
        if (signal.aborted) onAbort();
        else signal.addEventListener("abort", onAbort, { once: true });
      },
      async pull(controller) {
        try {
          const { done, value } = await reader.read();
          if (done) {
            signal.removeEventListener("abort", onAbort!);
            controller.close();
          } else controller.enqueue(value);
        } catch (error) {
          signal.removeEventListener("abort", onAbort!);
          if (!signal.aborted) controller.error(error);
        }
      },
      cancel(reason) {
        signal.removeEventListener("abort", onAbort!);
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException("This operation was aborted", "AbortError");
}

function toRequest(input: string | URL | Request, init?: RequestInit): Request {
  if (init?.body instanceof ReadableStream && !("duplex" in init)) {
    return new Request(input, { ...init, duplex: "half" } as RequestInit);
  }
  return new Request(input, init);
}

/**
 * What `fetch` rejects with when a connection breaks (undici's shape: a `TypeError` whose
 * `cause` has the socket error's `code`), so clients given `emulator.fetch` see the same
 * failures as over a real socket.
 */
function connectionFaultError(fault: ConnectionFault["connectionFault"]): TypeError {
  const cause =
    fault === "reset-before-headers"
      ? Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET", syscall: "read" })
      : Object.assign(new Error("other side closed"), {
          name: "SocketError",
          code: "UND_ERR_SOCKET",
        });
  return new TypeError("fetch failed", { cause });
}
