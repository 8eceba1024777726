package secrets

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"syscall"
	"testing"
	"time"

	"{{name}}/resilience"
)

const (
	secretARN    = "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf"
	parameterARN = "arn:aws:ssm:us-east-1:123456789012:parameter/app/key"
)

// fetches is an injected fetch: it answers in turn (the last answer repeats) and records each ARN asked for.
type fetches struct {
	answers []any // string or error
	arns    []string
}

func (f *fetches) fetch(_ context.Context, arn string) (string, error) {
	f.arns = append(f.arns, arn)
	answer := f.answers[0]
	if len(f.answers) > 1 {
		f.answers = f.answers[1:]
	}
	if err, ok := answer.(error); ok {
		return "", err
	}
	return answer.(string), nil
}

type fixture struct {
	cache  *Cache
	fetch  *fetches
	now    *time.Time
	sleeps *[]time.Duration
}

func newFixture(env map[string]string, answers ...any) fixture {
	if env == nil {
		env = map[string]string{"DB_PASSWORD_SECRET_ARN": secretARN}
	}
	f := fixture{fetch: &fetches{answers: answers}, now: new(time.Time), sleeps: new([]time.Duration)}
	f.cache = &Cache{
		TTL: DefaultTTL, Fetch: f.fetch.fetch, Now: func() time.Time { return *f.now },
		Getenv:  func(name string) string { return env[name] },
		Backoff: resilience.Backoff{Base: 100 * time.Millisecond, Cap: 2 * time.Second, Random: func() float64 { return 0.999999 }},
		Sleep:   func(d time.Duration) { *f.sleeps = append(*f.sleeps, d) },
	}
	return f
}

func TestOneFetchWithinTheTTLAndANewOneAfter(t *testing.T) {
	f := newFixture(nil, "s3cr3t", "rotated")
	for _, step := range []struct {
		at      time.Duration
		want    string
		fetches int
	}{
		{0, "s3cr3t", 1},
		{DefaultTTL - time.Millisecond, "s3cr3t", 1},
		{DefaultTTL, "rotated", 2},
	} {
		*f.now = time.Unix(0, 0).Add(step.at)
		if got, err := f.cache.Get(context.Background(), "DB_PASSWORD"); err != nil || got != step.want || len(f.fetch.arns) != step.fetches {
			t.Fatalf("at %v: %q, %v after %d fetches; want %q after %d", step.at, got, err, len(f.fetch.arns), step.want, step.fetches)
		}
	}
}

func TestThrottling5xxAndNetworkErrorsAreRetriedWithinTheBackoffsBounds(t *testing.T) {
	refused := fmt.Errorf("dial: %w", &netError{syscall.ECONNREFUSED})
	f := newFixture(nil, &APIError{400, "ThrottlingException", "slow down"}, &APIError{500, "InternalServiceError", "oops"}, refused, "s3cr3t")
	if got, err := f.cache.Get(context.Background(), "DB_PASSWORD"); err != nil || got != "s3cr3t" {
		t.Fatalf("%q, %v", got, err)
	}
	if len(f.fetch.arns) != 4 || len(*f.sleeps) != 3 {
		t.Fatalf("%d fetches, sleeps %v; want 4 and 3", len(f.fetch.arns), *f.sleeps)
	}
	// Full jitter: the delay before retry n is within [0, min(cap, base * 2^n)].
	for n, delay := range *f.sleeps {
		bound := 100 * time.Millisecond << n
		if bound > 2*time.Second {
			bound = 2 * time.Second
		}
		if delay < 0 || delay > bound {
			t.Errorf("retry %d: %v not within [0, %v]", n, delay, bound)
		}
	}
}

func TestItGivesUpAfterItsAttemptsNamingTheVariable(t *testing.T) {
	f := newFixture(nil, &APIError{400, "ThrottlingException", "slow down"})
	_, err := f.cache.Get(context.Background(), "DB_PASSWORD")
	if err == nil || !strings.Contains(err.Error(), "DB_PASSWORD_SECRET_ARN") || len(f.fetch.arns) != 4 {
		t.Fatalf("%v after %d fetches", err, len(f.fetch.arns))
	}
}

func TestAccessDeniedAndNotFoundFailAtOnceNamingTheVariable(t *testing.T) {
	for _, code := range []string{"AccessDeniedException", "ResourceNotFoundException", "ParameterNotFound"} {
		f := newFixture(nil, &APIError{400, code, "from the service"})
		_, err := f.cache.Get(context.Background(), "DB_PASSWORD")
		if err == nil || !strings.Contains(err.Error(), "DB_PASSWORD_SECRET_ARN") || !strings.Contains(err.Error(), code) {
			t.Errorf("%s: %v", code, err)
		}
		if len(f.fetch.arns) != 1 || len(*f.sleeps) != 0 {
			t.Errorf("%s was retried: %d fetches, sleeps %v", code, len(f.fetch.arns), *f.sleeps)
		}
	}
}

func TestAMissingVariableSaysHowToConfigureIt(t *testing.T) {
	f := newFixture(map[string]string{}, "unused")
	_, err := f.cache.Get(context.Background(), "DB_PASSWORD")
	if err == nil || !strings.HasPrefix(err.Error(), "DB_PASSWORD_SECRET_ARN is not set: add DB_PASSWORD to [function.secrets]") {
		t.Fatal(err)
	}
}

func TestOneKeyOfAJSONSecretAndOneFetchForTwoKeys(t *testing.T) {
	f := newFixture(map[string]string{"DB_USER_SECRET_ARN": secretARN + "#user", "DB_PASSWORD_SECRET_ARN": secretARN + "#password",
		"DB_HOST_SECRET_ARN": secretARN + "#host"}, `{"user": "ada", "password": "s3cr3t"}`)
	user, _ := f.cache.Get(context.Background(), "DB_USER")
	password, _ := f.cache.Get(context.Background(), "DB_PASSWORD")
	if user != "ada" || password != "s3cr3t" || len(f.fetch.arns) != 1 {
		t.Fatalf("%q %q after %d fetches", user, password, len(f.fetch.arns))
	}
	_, err := f.cache.Get(context.Background(), "DB_HOST")
	if err == nil || !strings.Contains(err.Error(), `DB_HOST_SECRET_ARN names the key "host"`) || strings.Contains(err.Error(), "s3cr3t") {
		t.Fatal(err)
	}
}

func TestAVariableThatIsNotAnARNIsRefused(t *testing.T) {
	f := newFixture(map[string]string{"DB_PASSWORD_SECRET_ARN": "db-password"}, "unused")
	if _, err := f.cache.Get(context.Background(), "DB_PASSWORD"); err == nil || !strings.Contains(err.Error(), "must hold a Secrets Manager secret ARN") {
		t.Fatal(err)
	}
}

// The IAM user guide's example of a signed request ("Create a signed AWS API request": IAM ListUsers of 2015-08-30
// with the documentation's example keys) and the signature it gives.
func TestSigningMatchesTheAWSDocumentationsExample(t *testing.T) {
	req := httptest.NewRequest(http.MethodGet, "https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08", nil)
	req.Header = http.Header{"Content-Type": {"application/x-www-form-urlencoded; charset=utf-8"}}
	sign(req, nil, credentials{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", ""}, "us-east-1", "iam",
		time.Date(2015, 8, 30, 12, 36, 0, 0, time.UTC))
	want := "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, " +
		"SignedHeaders=content-type;host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7"
	if got := req.Header.Get("Authorization"); got != want {
		t.Fatalf("Authorization:\n%s\nwant\n%s", got, want)
	}
}

// AWSFetch against a loopback server standing in for the two services: the calls it makes and the errors it reads.
func TestAWSFetchCallsEachServiceAndReadsItsErrors(t *testing.T) {
	var targets []string
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		targets = append(targets, r.Header.Get("X-Amz-Target")+" "+string(body))
		if !strings.HasPrefix(r.Header.Get("Authorization"), "AWS4-HMAC-SHA256 Credential=ASIAEXAMPLE/") || r.Header.Get("X-Amz-Security-Token") != "token" {
			t.Errorf("unsigned: %v", r.Header)
		}
		switch r.Header.Get("X-Amz-Target") {
		case "AmazonSSM.GetParameter":
			fmt.Fprint(w, `{"Parameter": {"Value": "p4r4m"}}`)
		case "secretsmanager.GetSecretValue":
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprint(w, `{"__type": "AccessDeniedException", "message": "not authorized"}`)
		}
	}))
	defer server.Close()
	t.Setenv("AWS_ENDPOINT_URL", server.URL)
	t.Setenv("AWS_ACCESS_KEY_ID", "ASIAEXAMPLE")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "secret")
	t.Setenv("AWS_SESSION_TOKEN", "token")

	if value, err := AWSFetch(context.Background(), parameterARN); err != nil || value != "p4r4m" {
		t.Fatalf("%q, %v", value, err)
	}
	_, err := AWSFetch(context.Background(), secretARN)
	var api *APIError
	if !errors.As(err, &api) || api.Code != "AccessDeniedException" || api.Status != 400 || Retryable(err) {
		t.Fatalf("%#v", err)
	}
	want := []string{`AmazonSSM.GetParameter {"Name":"` + parameterARN + `","WithDecryption":true}`,
		`secretsmanager.GetSecretValue {"SecretId":"` + secretARN + `"}`}
	if strings.Join(targets, "\n") != strings.Join(want, "\n") {
		t.Fatalf("calls:\n%s\nwant\n%s", strings.Join(targets, "\n"), strings.Join(want, "\n"))
	}
}

// netError is a failure to connect, as net.Dial reports one.
type netError struct{ errno syscall.Errno }

func (e *netError) Error() string   { return e.errno.Error() }
func (e *netError) Timeout() bool   { return false }
func (e *netError) Temporary() bool { return true }
