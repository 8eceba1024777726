package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambdacontext"

	"{{name}}/secrets"
)

const requestID = "8f5b0c1e-2f7a-4c55-9d1e-0a6b3c2d1e00"

// invoke calls the handler with a fake Lambda context and returns its response and log lines.
func invoke(t *testing.T, req request) (events.APIGatewayProxyResponse, []string) {
	t.Helper()
	var logs bytes.Buffer
	logOutput = &logs
	t.Cleanup(func() { logOutput = os.Stdout })

	ctx := lambdacontext.NewContext(context.Background(), &lambdacontext.LambdaContext{AwsRequestID: requestID})
	resp, err := handler(ctx, req)
	if err != nil {
		t.Fatalf("handler returned error: %v", err)
	}
	return resp, strings.Split(strings.TrimSuffix(logs.String(), "\n"), "\n")
}

// query is a REST API request (payload format 1.0).
func query(params map[string]string) request {
	return request{HTTPMethod: "GET", Path: "/hello", QueryStringParameters: params}
}

// urlQuery is a function URL request (payload format 2.0), as the runtime decodes it from JSON.
func urlQuery(t *testing.T, method, path, rawQuery string) request {
	t.Helper()
	event := map[string]any{
		"version": "2.0", "routeKey": "$default", "rawPath": path, "rawQueryString": rawQuery,
		"headers":        map[string]string{"host": "abc123.lambda-url.us-east-1.on.aws"},
		"requestContext": map[string]any{"http": map[string]string{"method": method, "path": path}},
	}
	if rawQuery != "" {
		params := map[string]string{}
		for _, pair := range strings.Split(rawQuery, "&") {
			key, value, _ := strings.Cut(pair, "=")
			params[key] = value
		}
		event["queryStringParameters"] = params
	}
	encoded, err := json.Marshal(event)
	if err != nil {
		t.Fatal(err)
	}
	return decode(t, encoded)
}

// decode builds a request the way the Lambda runtime does: from the event's JSON.
func decode(t *testing.T, event []byte) request {
	t.Helper()
	var req request
	if err := json.Unmarshal(event, &req); err != nil {
		t.Fatalf("decoding event: %v", err)
	}
	return req
}

func TestHandler(t *testing.T) {
	sample, err := os.ReadFile("events/hello.json")
	if err != nil {
		t.Fatal(err)
	}
	quoted := "Ada \"the first\" \\ Lovelace\n\x01"

	tests := []struct {
		name       string
		req        request
		wantStatus int
		wantBody   string // the decoded greeting for 200, a fragment of the error for 400
	}{
		{"greets by name", query(map[string]string{"name": "Ada"}), 200, "Hello, Ada!"},
		{"sample event", decode(t, sample), 200, "Hello, World!"},
		{"escapes quotes and backslashes", query(map[string]string{"name": quoted}), 200, "Hello, " + quoted + "!"},
		{"null query string", decode(t, []byte(`{"httpMethod":"GET","queryStringParameters":null}`)), 400, "required"},
		{"absent query string", decode(t, []byte(`{"httpMethod":"GET"}`)), 400, "required"},
		{"missing name", query(map[string]string{"other": "x"}), 400, "required"},
		{"empty name", query(map[string]string{"name": ""}), 400, "required"},
		{"101 characters", query(map[string]string{"name": strings.Repeat("a", 101)}), 400, "100"},
		{"100 characters", query(map[string]string{"name": strings.Repeat("a", 100)}), 200, "Hello, " + strings.Repeat("a", 100) + "!"},
		{"greets through a function URL", urlQuery(t, "GET", "/", "name=Ada"), 200, "Hello, Ada!"},
		{"function URL without query string", urlQuery(t, "POST", "/greet", ""), 400, "required"},
		{"counts characters, not bytes", query(map[string]string{"name": strings.Repeat("é", 100)}), 200, "Hello, " + strings.Repeat("é", 100) + "!"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resp, logs := invoke(t, tc.req)

			if resp.StatusCode != tc.wantStatus {
				t.Fatalf("status = %d, want %d (body %s)", resp.StatusCode, tc.wantStatus, resp.Body)
			}
			if got := resp.Headers["Content-Type"]; got != "application/json" {
				t.Errorf("Content-Type = %q, want application/json", got)
			}
			if tc.wantStatus == 200 {
				var greeting string
				if err := json.Unmarshal([]byte(resp.Body), &greeting); err != nil {
					t.Fatalf("body %s is not a JSON string: %v", resp.Body, err)
				}
				if greeting != tc.wantBody {
					t.Errorf("greeting = %q, want %q", greeting, tc.wantBody)
				}
			} else {
				var problem struct {
					Error string `json:"error"`
				}
				if err := json.Unmarshal([]byte(resp.Body), &problem); err != nil {
					t.Fatalf("body %s is not a JSON object: %v", resp.Body, err)
				}
				if !strings.Contains(problem.Error, tc.wantBody) {
					t.Errorf("error = %q, want it to mention %q", problem.Error, tc.wantBody)
				}
			}

			if len(logs) != 1 {
				t.Fatalf("logged %d lines, want 1: %q", len(logs), logs)
			}
			var entry logEntry
			if err := json.Unmarshal([]byte(logs[0]), &entry); err != nil {
				t.Fatalf("log line %s is not JSON: %v", logs[0], err)
			}
			if entry.RequestID != requestID || entry.Status != tc.wantStatus {
				t.Errorf("log entry = %+v, want request id %s and status %d", entry, requestID, tc.wantStatus)
			}
		})
	}
}

func TestLogsTheMethodAndPathOfEitherShape(t *testing.T) {
	for _, tc := range []struct {
		req          request
		method, path string
	}{
		{query(map[string]string{"name": "Ada"}), "GET", "/hello"},
		{urlQuery(t, "POST", "/greet", "name=Ada"), "POST", "/greet"},
	} {
		_, logs := invoke(t, tc.req)
		var entry logEntry
		if err := json.Unmarshal([]byte(logs[0]), &entry); err != nil || entry.Method != tc.method || entry.Path != tc.path {
			t.Errorf("log line %s: want method %s and path %s (err %v)", logs[0], tc.method, tc.path, err)
		}
	}
}

func TestLogOmitsTheName(t *testing.T) {
	_, logs := invoke(t, query(map[string]string{"name": "Ada"}))
	if strings.Contains(logs[0], "Ada") {
		t.Errorf("log line %s contains the raw name", logs[0])
	}
	var entry logEntry
	if err := json.Unmarshal([]byte(logs[0]), &entry); err != nil || entry.NameLength != 3 {
		t.Errorf("log line %s: want nameLength 3 (err %v)", logs[0], err)
	}
}

func TestWithAnAPIKeySecretCallersMustSendIt(t *testing.T) {
	const arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:api-key-AbCdEf"
	t.Setenv("API_KEY_SECRET_ARN", arn)
	saved := secrets.Default
	secrets.Default = secrets.NewCache(secrets.DefaultTTL)
	secrets.Default.Fetch = func(context.Context, string) (string, error) { return "k3y", nil }
	t.Cleanup(func() { secrets.Default = saved })

	for _, tc := range []struct {
		headers map[string]string
		want    int
	}{
		{nil, 401},
		{map[string]string{"x-api-key": "nope"}, 401},
		{map[string]string{"X-Api-Key": "k3y"}, 200},
	} {
		req := query(map[string]string{"name": "Ada"})
		req.Headers = tc.headers
		resp, _ := invoke(t, req)
		if resp.StatusCode != tc.want || strings.Contains(resp.Body, "k3y") {
			t.Errorf("headers %v: status %d, body %s; want %d", tc.headers, resp.StatusCode, resp.Body, tc.want)
		}
	}
}
