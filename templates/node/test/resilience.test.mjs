import assert from "node:assert/strict";
import { test } from "node:test";

import { Backoff, CircuitBreaker, CircuitOpenError, callWithRetries } from "../resilience.mjs";

/** A seeded source, so that a failure can be replayed. */
function seeded(seed) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

test("every backoff delay is within [0, min(cap, base * 2^n)]", () => {
  for (const random of [() => 0, () => 0.999999, seeded(7)]) {
    const backoff = new Backoff({ baseMs: 100, capMs: 2000, random });
    for (let n = 0; n < 12; n++) {
      const delay = backoff.delay(n);
      assert.ok(delay >= 0 && delay <= Math.min(2000, 100 * 2 ** n), `attempt ${n}: ${delay}`);
    }
  }
});

test("the backoff ceiling doubles until the cap", () => {
  const backoff = new Backoff({ baseMs: 100, capMs: 2000, random: () => 1 });
  assert.deepEqual([0, 1, 2, 3, 4, 5, 10].map((n) => backoff.delay(n)), [100, 200, 400, 800, 1600, 2000, 2000]);
});

test("the breaker goes open, then half-open after its cool-down, then closed on success", async () => {
  let now = 0;
  const breaker = new CircuitBreaker({ failureThreshold: 3, coolDownMs: 30_000, now: () => now });
  const down = async () => {
    throw new Error("dependency down");
  };
  for (let i = 0; i < 3; i++) await assert.rejects(breaker.call(down), /dependency down/);
  assert.equal(breaker.state, "open");
  let called = false;
  await assert.rejects(breaker.call(async () => (called = true)), CircuitOpenError);
  assert.equal(called, false, "an open breaker does not call the dependency");

  now = 30_000;
  assert.equal(breaker.state, "half-open");
  assert.equal(await breaker.call(async () => "ok"), "ok");
  assert.equal(breaker.state, "closed");
});

test("a failed half-open trial opens the breaker again", async () => {
  let now = 0;
  const breaker = new CircuitBreaker({ failureThreshold: 1, coolDownMs: 10, now: () => now });
  const down = async () => {
    throw new Error("down");
  };
  await assert.rejects(breaker.call(down));
  now = 10;
  await assert.rejects(breaker.call(down));
  assert.equal(breaker.state, "open");
});

test("a dependency failing twice answers on the third try", async () => {
  let tries = 0;
  const sleeps = [];
  const flaky = async () => {
    tries += 1;
    if (tries < 3) throw new Error("slow");
    return "answer";
  };
  const backoff = new Backoff({ baseMs: 100, capMs: 2000, random: () => 0.5 });
  const result = await callWithRetries(flaky, new CircuitBreaker(), { attempts: 3, backoff, sleep: async (ms) => sleeps.push(ms) });
  assert.equal(result, "answer");
  assert.deepEqual(sleeps, [50, 100]);
});
