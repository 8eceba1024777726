// Calling a flaky dependency: retries with exponential backoff and full jitter, behind a small circuit breaker.
//
// Lambda retries a failed asynchronous invocation as a whole (lamb.toml's [function.async]); this is the other
// half: retry one call inside the invocation, and stop calling a dependency that keeps failing.
//
//   const breaker = new CircuitBreaker({ failureThreshold: 5, coolDownMs: 30_000 }); // module level: kept while warm
//   export async function handler(event) {
//     const price = await callWithRetries(() => fetchPrice(event), breaker);
//   }

/** Full jitter: the delay before retry n (0 first) is random(0, min(cap, base * 2^n)) milliseconds. */
export class Backoff {
  constructor({ baseMs = 100, capMs = 2000, random = Math.random } = {}) {
    this.baseMs = baseMs;
    this.capMs = capMs;
    this.random = random; // returns [0, 1); tests inject their own
  }

  ceiling(attempt) {
    return Math.min(this.capMs, this.baseMs * 2 ** attempt);
  }

  delay(attempt) {
    return this.random() * this.ceiling(attempt);
  }
}

/** The breaker is open: the dependency is not called until its cool-down has passed. */
export class CircuitOpenError extends Error {}

/**
 * closed -> open after failureThreshold failures in a row -> half-open after coolDownMs -> closed on the trial
 * call's success (open again on its failure).
 */
export class CircuitBreaker {
  constructor({ failureThreshold = 5, coolDownMs = 30_000, now = Date.now } = {}) {
    this.failureThreshold = failureThreshold;
    this.coolDownMs = coolDownMs;
    this.now = now; // tests inject their own clock
    this.failures = 0;
    this.openedAt = null;
  }

  get state() {
    if (this.openedAt === null) return "closed";
    return this.now() - this.openedAt >= this.coolDownMs ? "half-open" : "open";
  }

  async call(fn) {
    const state = this.state;
    if (state === "open") throw new CircuitOpenError("circuit open: not calling the dependency");
    try {
      const result = await fn();
      this.failures = 0;
      this.openedAt = null;
      return result;
    } catch (err) {
      this.failures += 1;
      if (state === "half-open" || this.failures >= this.failureThreshold) this.openedAt = this.now();
      throw err;
    }
  }
}

const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Calls fn up to `attempts` times while its error is retryable, sleeping backoff.delay(n) between tries. An error that
 * is not retryable (a denied or missing resource) is thrown at once: waiting would not change it.
 */
export async function retry(fn, { attempts = 3, backoff = new Backoff(), sleep = wait, retryable = () => true } = {}) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (attempt === attempts - 1 || !retryable(err)) throw err;
      await sleep(backoff.delay(attempt));
    }
  }
}

/**
 * Calls fn through the breaker, up to `attempts` times, sleeping backoff.delay(n) between tries. An open circuit is
 * not retried: waiting is what it asks for.
 */
export function callWithRetries(fn, breaker, { attempts = 3, backoff = new Backoff(), sleep = wait } = {}) {
  return retry(() => breaker.call(fn), { attempts, backoff, sleep, retryable: (err) => !(err instanceof CircuitOpenError) });
}
