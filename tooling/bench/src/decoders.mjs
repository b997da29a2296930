// The five stream decoders, each run to the end of the same bytes with every event's JSON
// parsed. Each returns the b64_json lengths it saw, checked after every run so a decoder that
// skips work cannot look fast.
//   easel   decodeImageStream from @easel/core (typed events, shapes checked), the library
//           build that Node, Deno, Bun and Workers load
//   easel-web  the same from core's web build, what a page bundles (the `browser` condition):
//           streaming TextDecoder and plain JSON.parse, no fast path for image events
//   openai  the openai package's Stream.fromSSEResponse (7.x), what images.generate({stream})
//           iterates
//   parser  bare eventsource-parser + TextDecoder + JSON.parse (easel's building blocks)
//   floor   TextDecoder (its fast one-call path) + a scan for "\n\n" + joining each event's
//           text: no SSE fields, no JSON; what reading the bytes into strings costs at least

export const DECODERS = ["easel", "easel-web", "openai", "parser", "floor"];

/** @param {string} name */
export async function loadDecoder(name) {
  if (name === "easel") {
    const { decodeImageStream } = await import("@easel/core");
    return async (body) => {
      const lengths = [];
      for await (const event of decodeImageStream(body)) lengths.push(event.b64_json.length);
      return lengths;
    };
  }
  if (name === "easel-web") {
    // Not in core's exports for Node: loaded by path, as a browser bundler would resolve it.
    const { decodeImageStream } = await import(
      new URL("dist/index.web.js", import.meta.resolve("@easel/core/package.json")).href
    );
    return async (body) => {
      const lengths = [];
      for await (const event of decodeImageStream(body)) lengths.push(event.b64_json.length);
      return lengths;
    };
  }
  if (name === "openai") {
    const { Stream } = await import("openai/streaming");
    return async (body) => {
      const lengths = [];
      const stream = Stream.fromSSEResponse(new Response(body), new AbortController());
      for await (const event of stream) lengths.push(event.b64_json.length);
      return lengths;
    };
  }
  if (name === "parser") {
    const { createParser } = await import("eventsource-parser");
    return async (body) => {
      const lengths = [];
      const parser = createParser({
        onEvent: (message) => lengths.push(JSON.parse(message.data).b64_json.length),
      });
      const decoder = new TextDecoder();
      const reader = body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parser.feed(decoder.decode(value, { stream: true }));
      }
      parser.feed(decoder.decode());
      return lengths;
    };
  }
  if (name === "floor") {
    // One TextDecoder call per chunk without `stream: true` (the input is ASCII, so no
    // character is split; Node's streaming mode is several times slower), then each event's
    // text joined into one string, which every real decoder needs for JSON.parse.
    return async (body) => {
      const lengths = [];
      const decoder = new TextDecoder();
      const reader = body.getReader();
      let parts = [];
      let lastWasLF = false;
      const finish = () => {
        lengths.push(parts.join("").length);
        parts = [];
      };
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        const text = decoder.decode(value);
        if (text.length === 0) continue;
        let from = 0;
        // A "\n\n" split across two chunks.
        if (lastWasLF && text.charCodeAt(0) === 10) {
          finish();
          from = 1;
        }
        for (let at = text.indexOf("\n\n", from); at !== -1; at = text.indexOf("\n\n", from)) {
          parts.push(text.slice(from, at));
          finish();
          from = at + 2;
        }
        if (from < text.length) parts.push(text.slice(from));
        lastWasLF = text.charCodeAt(text.length - 1) === 10;
      }
      return lengths;
    };
  }
  throw new Error(`unknown decoder ${name}`);
}

/** Throws unless `lengths` are the events of the scenario (`floor` sees whole event text). */
export function checkLengths(name, lengths, events) {
  const ok =
    lengths.length === events.length &&
    events.every((event, i) =>
      name === "floor" ? lengths[i] > event.b64Length : lengths[i] === event.b64Length,
    );
  if (!ok) throw new Error(`${name} decoded the wrong events: ${JSON.stringify(lengths)}`);
}
