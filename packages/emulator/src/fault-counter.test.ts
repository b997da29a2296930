import { describe, expect, it } from "vitest";
import { FaultCounter, normalizeFault } from "./fault-counter";

const headers = (init: Record<string, string>) => new Headers(init);

describe("FaultCounter", () => {
  it("fires a counted header fault N times per fault and key, then lets requests through", () => {
    const faults = new FaultCounter(undefined);
    const h = headers({ "x-emulator-fault": "unavailable", "x-emulator-fault-count": "2" });
    const kinds = [1, 2, 3].map(() => faults.choose(h, true).kind);
    expect(kinds).toEqual(["fault", "fault", "none"]);
    const keyed = headers({
      "x-emulator-fault": "unavailable",
      "x-emulator-fault-count": "1",
      "x-emulator-fault-key": "other-test",
    });
    expect(faults.choose(keyed, true).kind).toBe("fault");
    faults.reset();
    expect(faults.choose(h, true).kind).toBe("fault");
  });

  it("prefers the header to the configured fault, and ignores headers when told to", () => {
    const faults = new FaultCounter(normalizeFault("server-error"));
    expect(faults.choose(headers({ "x-emulator-fault": "rate-limit" }), true)).toMatchObject({
      fault: "rate-limit",
    });
    expect(faults.choose(headers({ "x-emulator-fault": "rate-limit" }), false)).toMatchObject({
      fault: "server-error",
    });
    expect(faults.choose(headers({ "x-emulator-fault": "nope" }), true)).toEqual({
      kind: "unknown",
      name: "nope",
    });
  });

  it("rejects an unknown fault in options", () => {
    expect(() => normalizeFault({ type: "nope" as "stall" })).toThrow(/Unknown emulator fault/);
  });
});
