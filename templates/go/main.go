// Command bootstrap is a greeting function behind API Gateway (REST API, Lambda proxy integration)
// or a Lambda function URL.
package main

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-lambda-go/lambdacontext"

	"{{name}}/secrets"
)

const maxNameLength = 100

// logOutput receives one JSON line per request; tests replace it with a buffer.
var logOutput io.Writer = os.Stdout

type logEntry struct {
	Level      string `json:"level"`
	Message    string `json:"message"`
	RequestID  string `json:"requestId"`
	Method     string `json:"method"`
	Path       string `json:"path"`
	Status     int    `json:"status"`
	NameLength int    `json:"nameLength"`
}

// request holds what the handler reads of either event shape: the REST API's (payload 1.0:
// httpMethod, path) and a function URL's (payload 2.0: requestContext.http.method, rawPath). Both
// carry queryStringParameters, and both read the response's statusCode, headers and body.
type request struct {
	HTTPMethod            string            `json:"httpMethod"`
	Path                  string            `json:"path"`
	RawPath               string            `json:"rawPath"`
	QueryStringParameters map[string]string `json:"queryStringParameters"`
	Headers               map[string]string `json:"headers"`
	RequestContext        struct {
		HTTP struct {
			Method string `json:"method"`
		} `json:"http"`
	} `json:"requestContext"`
}

// method and path are the request line of whichever shape the event has.
func (r request) method() string {
	if r.HTTPMethod != "" {
		return r.HTTPMethod
	}
	return r.RequestContext.HTTP.Method
}

func (r request) path() string {
	if r.Path != "" {
		return r.Path
	}
	return r.RawPath
}

// apiKeyMatches says whether the request's x-api-key header is the API_KEY secret, compared in constant time so that
// the answer's timing tells nothing of the key. Header names are matched in any case: function URLs lower-case them.
func (r request) apiKeyMatches(ctx context.Context) (bool, error) {
	key, err := secrets.Get(ctx, "API_KEY")
	if err != nil {
		return false, err
	}
	for name, value := range r.Headers {
		if strings.EqualFold(name, "x-api-key") {
			return subtle.ConstantTimeCompare([]byte(value), []byte(key)) == 1, nil
		}
	}
	return false, nil
}

func handler(ctx context.Context, req request) (events.APIGatewayProxyResponse, error) {
	// Reading a nil map yields "", so a request without a query string needs no special case.
	name := req.QueryStringParameters["name"]
	// Count characters, not bytes, so the limit matches the other runtimes.
	nameLength := utf8.RuneCountInString(name)

	// Only with API_KEY in lamb.toml's [function.secrets] must callers send it; without, anyone is greeted.
	authorized := true
	if secrets.Configured("API_KEY") {
		var err error
		if authorized, err = req.apiKeyMatches(ctx); err != nil {
			return events.APIGatewayProxyResponse{}, err
		}
	}

	status, problem := 200, ""
	switch {
	case !authorized:
		status, problem = 401, "header 'x-api-key' is missing or wrong"
	case nameLength == 0:
		status, problem = 400, "query parameter 'name' is required"
	case nameLength > maxNameLength:
		status, problem = 400, fmt.Sprintf("query parameter 'name' must be at most %d characters", maxNameLength)
	}

	level, message := "INFO", "greeted"
	var body any = "Hello, " + name + "!"
	if problem != "" {
		level, message = "WARN", problem
		body = map[string]string{"error": problem}
	}

	var requestID string
	if lc, ok := lambdacontext.FromContext(ctx); ok {
		requestID = lc.AwsRequestID
	}
	// The name is untrusted input, so only its length goes to the logs.
	line, err := json.Marshal(logEntry{
		Level:      level,
		Message:    message,
		RequestID:  requestID,
		Method:     req.method(),
		Path:       req.path(),
		Status:     status,
		NameLength: nameLength,
	})
	if err != nil {
		return events.APIGatewayProxyResponse{}, err
	}
	fmt.Fprintln(logOutput, string(line))

	encoded, err := json.Marshal(body)
	if err != nil {
		return events.APIGatewayProxyResponse{}, err
	}
	return events.APIGatewayProxyResponse{
		StatusCode: status,
		Headers:    map[string]string{"Content-Type": "application/json"},
		Body:       string(encoded),
	}, nil
}

func main() {
	lambda.Start(handler)
}
