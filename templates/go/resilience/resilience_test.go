package resilience

import (
	"errors"
	"math"
	"math/rand"
	"reflect"
	"testing"
	"time"
)

const (
	base     = 100 * time.Millisecond
	capDelay = 2 * time.Second
)

func TestEveryBackoffDelayIsWithinZeroAndTheCappedExponential(t *testing.T) {
	seeded := rand.New(rand.NewSource(7))
	for _, random := range []func() float64{func() float64 { return 0 }, func() float64 { return 0.999999 }, seeded.Float64} {
		backoff := Backoff{Base: base, Cap: capDelay, Random: random}
		for n := 0; n < 70; n++ {
			bound := math.Min(float64(capDelay), float64(base)*math.Pow(2, float64(n)))
			if delay := backoff.Delay(n); delay < 0 || float64(delay) > bound {
				t.Fatalf("attempt %d: %v not within [0, %v ns]", n, delay, bound)
			}
		}
	}
}

func TestTheCeilingDoublesUntilTheCap(t *testing.T) {
	backoff := Backoff{Base: base, Cap: capDelay, Random: func() float64 { return 1 }}
	got := []time.Duration{backoff.Delay(0), backoff.Delay(3), backoff.Delay(10)}
	want := []time.Duration{100 * time.Millisecond, 800 * time.Millisecond, capDelay}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("delays %v, want %v", got, want)
	}
}

var errDown = errors.New("dependency down")

func down() error { return errDown }

func TestTheBreakerOpensThenHalfOpensAfterItsCoolDownThenClosesOnSuccess(t *testing.T) {
	now := time.Unix(0, 0)
	breaker := &CircuitBreaker{FailureThreshold: 3, CoolDown: 30 * time.Second, Now: func() time.Time { return now }}
	for i := 0; i < 3; i++ {
		if err := breaker.Call(down); !errors.Is(err, errDown) {
			t.Fatalf("call %d: %v", i, err)
		}
	}
	if breaker.State() != Open {
		t.Fatalf("after 3 failures: %s", breaker.State())
	}
	called := false
	if err := breaker.Call(func() error { called = true; return nil }); !errors.Is(err, ErrOpen) || called {
		t.Fatalf("an open breaker called the dependency (%v)", err)
	}

	now = now.Add(30 * time.Second)
	if breaker.State() != HalfOpen {
		t.Fatalf("after the cool-down: %s", breaker.State())
	}
	if err := breaker.Call(func() error { return nil }); err != nil {
		t.Fatal(err)
	}
	if breaker.State() != Closed {
		t.Fatalf("after a successful trial: %s", breaker.State())
	}
}

func TestAFailedHalfOpenTrialOpensTheBreakerAgain(t *testing.T) {
	now := time.Unix(0, 0)
	breaker := &CircuitBreaker{FailureThreshold: 1, CoolDown: 10 * time.Second, Now: func() time.Time { return now }}
	_ = breaker.Call(down)
	now = now.Add(10 * time.Second)
	_ = breaker.Call(down)
	if breaker.State() != Open {
		t.Fatalf("after a failed trial: %s", breaker.State())
	}
}

func TestADependencyFailingTwiceAnswersOnTheThirdTry(t *testing.T) {
	tries := 0
	var sleeps []time.Duration
	err := Call(func() error {
		tries++
		if tries < 3 {
			return errors.New("slow")
		}
		return nil
	}, NewCircuitBreaker(5, 30*time.Second), 3, Backoff{Base: base, Cap: capDelay, Random: func() float64 { return 0.5 }},
		func(d time.Duration) { sleeps = append(sleeps, d) })
	if err != nil || tries != 3 {
		t.Fatalf("err %v after %d tries", err, tries)
	}
	if want := []time.Duration{50 * time.Millisecond, 100 * time.Millisecond}; !reflect.DeepEqual(sleeps, want) {
		t.Fatalf("sleeps %v, want %v", sleeps, want)
	}
}
