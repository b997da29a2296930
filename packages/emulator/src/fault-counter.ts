import { FAULT_NAMES, type FaultName, type FaultSpec } from "./emulator-options";

/**
 * The request headers that inject faults and delays (documented in the README).
 *
 * @example
 * ```ts
 * await client.images.generate(params, {
 *   headers: { [FAULT_HEADERS.fault]: "unavailable", [FAULT_HEADERS.count]: "3" },
 * });
 * ```
 */
export const FAULT_HEADERS = {
  fault: "x-emulator-fault",
  count: "x-emulator-fault-count",
  key: "x-emulator-fault-key",
  retryAfter: "x-emulator-retry-after",
  latency: "x-emulator-latency-ms",
  interval: "x-emulator-interval-ms",
} as const;

/** The fault chosen for one request, or an unknown name to report. */
export type FaultChoice =
  | { kind: "none" }
  | {
      kind: "fault";
      fault: FaultName;
      /** Seconds for `retry-after`, when the header or the spec gave them. */
      retryAfter: number | undefined;
    }
  | { kind: "unknown"; name: string };

export function isFaultName(name: string): name is FaultName {
  return (FAULT_NAMES as readonly string[]).includes(name);
}

export function normalizeFault(fault: FaultName | FaultSpec | undefined): FaultSpec | undefined {
  if (fault === undefined) return undefined;
  const spec = typeof fault === "string" ? { type: fault } : fault;
  if (!isFaultName(spec.type)) {
    throw new TypeError(
      `Unknown emulator fault '${String(spec.type)}'; known: ${FAULT_NAMES.join(", ")}.`,
    );
  }
  return spec;
}

function nonNegativeInt(text: string | null): number | undefined {
  if (text === null || !/^\d+$/.test(text.trim())) return undefined;
  return Number(text.trim());
}

/**
 * Decides which fault, if any, a request gets. Counted faults ("the first N requests") keep
 * one counter per fault and key, so "503 three times, then success" holds across a client's
 * retries, which resend the same headers. A header fault wins over the configured one.
 *
 * @example
 * const faults = new FaultCounter(undefined);
 * const headers = new Headers({ "x-emulator-fault": "unavailable", "x-emulator-fault-count": "1" });
 * faults.choose(headers, true); // { kind: "fault", fault: "unavailable", ... }
 * faults.choose(headers, true); // { kind: "none" }
 */
export class FaultCounter {
  private configured: FaultSpec | undefined;
  private readonly fired = new Map<string, number>();

  constructor(configured: FaultSpec | undefined) {
    this.configured = configured;
  }

  /** Replaces the configured fault and restarts its count. */
  setConfigured(fault: FaultSpec | undefined): void {
    this.configured = fault;
    for (const key of [...this.fired.keys()]) {
      if (key.startsWith("option:")) this.fired.delete(key);
    }
  }

  /** Forgets every count, so counted faults fire again. */
  reset(): void {
    this.fired.clear();
  }

  choose(headers: Headers, honourHeaders: boolean): FaultChoice {
    const name = honourHeaders ? headers.get(FAULT_HEADERS.fault)?.trim().toLowerCase() : undefined;
    if (name) {
      if (!isFaultName(name)) return { kind: "unknown", name };
      const count = nonNegativeInt(headers.get(FAULT_HEADERS.count));
      const key = `header:${name}:${headers.get(FAULT_HEADERS.key) ?? ""}`;
      if (!this.take(key, count)) return { kind: "none" };
      const retryAfter = nonNegativeInt(headers.get(FAULT_HEADERS.retryAfter));
      return { kind: "fault", fault: name, retryAfter };
    }
    return this.chooseConfigured(undefined);
  }

  /**
   * The configured fault alone, optionally only if it is `only` (the Node server asks for
   * `reset-before-headers` when a connection opens, before any request is read).
   */
  chooseConfigured(only: FaultName | undefined): FaultChoice {
    const spec = this.configured;
    if (spec === undefined || (only !== undefined && spec.type !== only)) return { kind: "none" };
    if (!this.take(`option:${spec.type}`, spec.count)) return { kind: "none" };
    return { kind: "fault", fault: spec.type, retryAfter: spec.retryAfter };
  }

  private take(key: string, count: number | undefined): boolean {
    if (count === undefined) return true;
    const fired = this.fired.get(key) ?? 0;
    if (fired >= count) return false;
    this.fired.set(key, fired + 1);
    return true;
  }
}
