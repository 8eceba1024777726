// Package secrets reads the secrets of lamb.toml's [function.secrets]: once per container, kept for a TTL, never in
// the environment.
//
// For each NAME in [function.secrets], lamb deploy sets NAME_SECRET_ARN to where the secret lives: a Secrets Manager
// secret's ARN (with "#key" after it for one key of a JSON secret) or an SSM parameter's ARN (a SecureString is
// decrypted). The value is read here with the function's own role. Lambda's Go runtime (provided.al2023) comes with no
// AWS SDK, so the two calls are made with the standard library and signed with SigV4 (aws.go); throttling, 5xx answers
// and network errors are retried with the resilience package's backoff.
//
//	password, err := secrets.Get(ctx, "DB_PASSWORD") // fetched on the first call, then served from memory for 5 minutes
package secrets

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"sync"
	"time"

	"{{name}}/resilience"
)

// DefaultTTL is how long a value is served from memory before it is fetched again.
const DefaultTTL = 5 * time.Minute

const attempts = 4

// Fetch reads the secret at an ARN; AWSFetch does it, tests inject their own.
type Fetch func(ctx context.Context, arn string) (string, error)

// Variable is the environment variable through which the function finds the secret it calls name.
func Variable(name string) string { return name + "_SECRET_ARN" }

// Configured says whether lamb.toml's [function.secrets] gives the function a secret called name.
func Configured(name string) bool { return os.Getenv(Variable(name)) != "" }

type entry struct {
	value  string
	expiry time.Time
}

// Cache holds values by ARN, each fetched again once TTL has passed. Keep one at package level, so that it lives as
// long as the warm instance; the fetch, clock, environment and sleep are fields so that tests inject their own.
type Cache struct {
	TTL     time.Duration
	Fetch   Fetch
	Now     func() time.Time
	Getenv  func(string) string
	Backoff resilience.Backoff
	Sleep   func(time.Duration)

	mu      sync.Mutex
	entries map[string]entry
}

// NewCache reads from AWS with the wall clock, the process's environment and the standard backoff.
func NewCache(ttl time.Duration) *Cache {
	return &Cache{TTL: ttl, Fetch: AWSFetch, Now: time.Now, Getenv: os.Getenv, Backoff: resilience.StandardBackoff(), Sleep: time.Sleep}
}

// Default is the function's cache, which Get reads through.
var Default = NewCache(DefaultTTL)

// Get is the value of the secret lamb.toml's [function.secrets] calls name, fetched at most once per TTL.
func Get(ctx context.Context, name string) (string, error) { return Default.Get(ctx, name) }

// Get is the value of the secret called name. Its errors name the variable and say why, never the value.
func (c *Cache) Get(ctx context.Context, name string) (string, error) {
	reference := c.Getenv(Variable(name))
	if reference == "" {
		return "", fmt.Errorf("%s is not set: add %s to [function.secrets] in lamb.toml, then run lamb deploy", Variable(name), name)
	}
	arn, key, _ := strings.Cut(reference, "#")
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || !(parts[2] == "secretsmanager" && strings.HasPrefix(parts[5], "secret:") ||
		parts[2] == "ssm" && strings.HasPrefix(parts[5], "parameter")) {
		return "", fmt.Errorf("%s must hold a Secrets Manager secret ARN (with #key for one key of a JSON secret) "+
			"or an SSM parameter ARN, not %q", Variable(name), reference)
	}
	// One invocation at a time runs in a Lambda instance; the lock is for goroutines the handler starts.
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.Now()
	cached, ok := c.entries[arn]
	if !ok || !now.Before(cached.expiry) {
		var value string
		err := resilience.Retry(func() error {
			var err error
			value, err = c.Fetch(ctx, arn)
			return err
		}, Retryable, attempts, c.Backoff, c.Sleep)
		if err != nil {
			return "", fmt.Errorf("cannot read %s (%s = %s): %w", name, Variable(name), arn, err)
		}
		cached = entry{value: value, expiry: now.Add(c.TTL)}
		if c.entries == nil {
			c.entries = map[string]entry{}
		}
		c.entries[arn] = cached
	}
	return pick(name, cached.value, key)
}

// pick is the whole value, or one key of it when the reference names one.
func pick(name, value, key string) (string, error) {
	if key == "" {
		return value, nil
	}
	var document map[string]any
	if json.Unmarshal([]byte(value), &document) == nil {
		switch v := document[key].(type) {
		case string:
			return v, nil
		case nil:
		default:
			encoded, err := json.Marshal(v)
			return string(encoded), err
		}
	}
	return "", fmt.Errorf("%s names the key %q, which the secret (a JSON object?) does not have", Variable(name), key)
}
