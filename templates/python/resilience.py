"""Calling a flaky dependency: retries with exponential backoff and full jitter, behind a small circuit breaker.

Lambda retries a failed asynchronous invocation as a whole (lamb.toml's [function.async]); this is the other
half: retry one call inside the invocation, and stop calling a dependency that keeps failing.

    breaker = CircuitBreaker(failure_threshold=5, cool_down_seconds=30)   # module level: kept across warm invocations

    def handler(event, context):
        price = call_with_retries(lambda: fetch_price(event), breaker)
"""

import random
import time


class Backoff:
    """Full jitter: the delay before retry n (0 first) is random(0, min(cap, base * 2**n)) seconds."""

    def __init__(self, base=0.1, cap=2.0, rand=random.random):
        self.base = base
        self.cap = cap
        self.rand = rand  # returns [0, 1); tests inject their own

    def ceiling(self, attempt):
        return min(self.cap, self.base * 2**attempt)

    def delay(self, attempt):
        return self.rand() * self.ceiling(attempt)


class CircuitOpenError(Exception):
    """The breaker is open: the dependency is not called until its cool-down has passed."""


class CircuitBreaker:
    """closed -> open after failure_threshold failures in a row -> half-open after cool_down_seconds ->
    closed on the trial call's success (open again on its failure)."""

    CLOSED, OPEN, HALF_OPEN = "closed", "open", "half-open"

    def __init__(self, failure_threshold=5, cool_down_seconds=30.0, clock=time.monotonic):
        self.failure_threshold = failure_threshold
        self.cool_down_seconds = cool_down_seconds
        self.clock = clock  # tests inject their own
        self.failures = 0
        self.opened_at = None

    @property
    def state(self):
        if self.opened_at is None:
            return self.CLOSED
        if self.clock() - self.opened_at >= self.cool_down_seconds:
            return self.HALF_OPEN
        return self.OPEN

    def call(self, fn):
        state = self.state
        if state == self.OPEN:
            raise CircuitOpenError("circuit open: not calling the dependency")
        try:
            result = fn()
        except Exception:
            self.failures += 1
            if state == self.HALF_OPEN or self.failures >= self.failure_threshold:
                self.opened_at = self.clock()
            raise
        self.failures = 0
        self.opened_at = None
        return result


def retry(fn, attempts=3, backoff=None, sleep=time.sleep, retryable=lambda error: True):
    """Calls fn up to `attempts` times while its error is retryable, sleeping backoff.delay(n) between tries.
    An error that is not retryable (a denied or missing resource) is raised at once: waiting would not change it."""
    backoff = backoff or Backoff()
    for attempt in range(attempts):
        try:
            return fn()
        except Exception as error:
            if attempt == attempts - 1 or not retryable(error):
                raise
            sleep(backoff.delay(attempt))


def call_with_retries(fn, breaker, attempts=3, backoff=None, sleep=time.sleep):
    """Calls fn through the breaker, up to `attempts` times, sleeping backoff.delay(n) between tries.
    An open circuit is not retried: waiting is what it asks for."""
    return retry(lambda: breaker.call(fn), attempts, backoff, sleep, lambda error: not isinstance(error, CircuitOpenError))
