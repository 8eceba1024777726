import random
import unittest

from resilience import Backoff, CircuitBreaker, CircuitOpenError, call_with_retries


class FakeClock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


class BackoffTest(unittest.TestCase):
    def test_every_delay_is_within_zero_and_the_capped_exponential(self):
        for rand in (lambda: 0.0, lambda: 0.999999, random.Random(7).random):
            backoff = Backoff(base=0.1, cap=2.0, rand=rand)
            for n in range(12):
                delay = backoff.delay(n)
                self.assertGreaterEqual(delay, 0.0)
                self.assertLessEqual(delay, min(2.0, 0.1 * 2**n))

    def test_the_ceiling_doubles_until_the_cap(self):
        backoff = Backoff(base=0.1, cap=2.0, rand=lambda: 0.999999)
        self.assertAlmostEqual(backoff.delay(0), 0.1, places=5)
        self.assertAlmostEqual(backoff.delay(3), 0.8, places=5)
        self.assertAlmostEqual(backoff.delay(10), 2.0, places=5)


class CircuitBreakerTest(unittest.TestCase):
    def fail(self):
        raise ConnectionError("dependency down")

    def test_open_then_half_open_then_closed(self):
        clock = FakeClock()
        breaker = CircuitBreaker(failure_threshold=3, cool_down_seconds=30, clock=clock)
        for _ in range(3):
            with self.assertRaises(ConnectionError):
                breaker.call(self.fail)
        self.assertEqual(breaker.state, "open")
        calls = []
        with self.assertRaises(CircuitOpenError):
            breaker.call(lambda: calls.append(1))
        self.assertEqual(calls, [], "an open breaker does not call the dependency")

        clock.now = 30
        self.assertEqual(breaker.state, "half-open")
        self.assertEqual(breaker.call(lambda: "ok"), "ok")
        self.assertEqual(breaker.state, "closed")

    def test_a_failed_trial_opens_it_again(self):
        clock = FakeClock()
        breaker = CircuitBreaker(failure_threshold=1, cool_down_seconds=10, clock=clock)
        with self.assertRaises(ConnectionError):
            breaker.call(self.fail)
        clock.now = 10
        with self.assertRaises(ConnectionError):
            breaker.call(self.fail)
        self.assertEqual(breaker.state, "open")


class RetryTest(unittest.TestCase):
    def test_a_dependency_failing_twice_answers_on_the_third_try(self):
        tries, sleeps = [], []

        def flaky():
            tries.append(1)
            if len(tries) < 3:
                raise TimeoutError("slow")
            return "answer"

        backoff = Backoff(base=0.1, cap=2.0, rand=lambda: 0.5)
        result = call_with_retries(flaky, CircuitBreaker(), attempts=3, backoff=backoff, sleep=sleeps.append)
        self.assertEqual(result, "answer")
        self.assertEqual(sleeps, [0.05, 0.1])


if __name__ == "__main__":
    unittest.main()
