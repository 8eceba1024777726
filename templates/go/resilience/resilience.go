// Package resilience calls a flaky dependency: retries with exponential backoff and full jitter, behind a small
// circuit breaker.
//
// Lambda retries a failed asynchronous invocation as a whole (lamb.toml's [function.async]); this is the other
// half: retry one call inside the invocation, and stop calling a dependency that keeps failing.
//
//	var prices = resilience.NewCircuitBreaker(5, 30*time.Second) // package level: kept while the instance is warm
//	err := resilience.Call(func() error { return fetchPrice(ctx) }, prices, 3, resilience.StandardBackoff(), time.Sleep)
package resilience

import (
	"errors"
	"math/bits"
	"math/rand"
	"sync"
	"time"
)

// Backoff is full jitter: the delay before retry n (0 first) is random(0, min(Cap, Base * 2^n)).
type Backoff struct {
	Base, Cap time.Duration
	// Random returns [0, 1); tests inject their own.
	Random func() float64
}

// StandardBackoff starts at 100 ms and never waits more than 2 s.
func StandardBackoff() Backoff {
	return Backoff{Base: 100 * time.Millisecond, Cap: 2 * time.Second, Random: rand.Float64}
}

// Ceiling is min(Cap, Base * 2^attempt), without overflowing when the attempt is large.
func (b Backoff) Ceiling(attempt int) time.Duration {
	if attempt >= bits.LeadingZeros64(uint64(b.Base))-1 || b.Base<<attempt > b.Cap {
		return b.Cap
	}
	return b.Base << attempt
}

// Delay is a random duration in [0, Ceiling(attempt)].
func (b Backoff) Delay(attempt int) time.Duration {
	return time.Duration(b.Random() * float64(b.Ceiling(attempt)))
}

// State is a circuit breaker's state.
type State string

const (
	Closed   State = "closed"
	Open     State = "open"
	HalfOpen State = "half-open"
)

// ErrOpen is returned without calling the dependency while the breaker is open.
var ErrOpen = errors.New("circuit open: not calling the dependency")

// CircuitBreaker goes closed -> open after FailureThreshold failures in a row -> half-open once CoolDown has passed
// -> closed on the trial call's success (open again on its failure).
type CircuitBreaker struct {
	FailureThreshold int
	CoolDown         time.Duration
	// Now is the clock; tests inject their own.
	Now func() time.Time

	mu       sync.Mutex
	failures int
	openedAt *time.Time
}

// NewCircuitBreaker uses the wall clock.
func NewCircuitBreaker(failureThreshold int, coolDown time.Duration) *CircuitBreaker {
	return &CircuitBreaker{FailureThreshold: failureThreshold, CoolDown: coolDown, Now: time.Now}
}

// State is where the breaker stands now.
func (c *CircuitBreaker) State() State {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.state()
}

func (c *CircuitBreaker) state() State {
	if c.openedAt == nil {
		return Closed
	}
	if c.Now().Sub(*c.openedAt) >= c.CoolDown {
		return HalfOpen
	}
	return Open
}

// Call calls the dependency unless the breaker is open, and counts its outcome.
func (c *CircuitBreaker) Call(dependency func() error) error {
	state := c.State()
	if state == Open {
		return ErrOpen
	}
	err := dependency()
	c.mu.Lock()
	defer c.mu.Unlock()
	if err == nil {
		c.failures = 0
		c.openedAt = nil
		return nil
	}
	c.failures++
	if state == HalfOpen || c.failures >= c.FailureThreshold {
		now := c.Now()
		c.openedAt = &now
	}
	return err
}

// Retry calls the dependency up to attempts times while its error is retryable, sleeping backoff.Delay(n) between
// tries. An error that is not retryable (a denied or missing resource) is returned at once: waiting would not change it.
func Retry(dependency func() error, retryable func(error) bool, attempts int, backoff Backoff, sleep func(time.Duration)) error {
	for attempt := 0; ; attempt++ {
		err := dependency()
		if err == nil || !retryable(err) || attempt == attempts-1 {
			return err
		}
		sleep(backoff.Delay(attempt))
	}
}

// Call tries the dependency through the breaker up to attempts times, sleeping backoff.Delay(n) between tries. An
// open circuit is not retried: waiting is what it asks for.
func Call(dependency func() error, breaker *CircuitBreaker, attempts int, backoff Backoff, sleep func(time.Duration)) error {
	notOpen := func(err error) bool { return !errors.Is(err, ErrOpen) }
	return Retry(func() error { return breaker.Call(dependency) }, notOpen, attempts, backoff, sleep)
}
