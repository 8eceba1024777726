package secrets

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strings"
	"time"
)

// APIError is an error answer of Secrets Manager or SSM: its HTTP status and error code.
type APIError struct {
	Status  int
	Code    string
	Message string
}

func (e *APIError) Error() string { return e.Code + ": " + e.Message }

// Error codes of Secrets Manager and SSM that mean "slow down", so a later try may succeed.
var throttling = map[string]bool{"ThrottlingException": true, "Throttling": true, "TooManyRequestsException": true, "RequestLimitExceeded": true}

// Retryable is true of throttling, a 5xx answer or a network failure: worth another try. AccessDenied, not found: not.
func Retryable(err error) bool {
	var api *APIError
	if errors.As(err, &api) {
		return throttling[api.Code] || api.Status == http.StatusTooManyRequests || api.Status >= 500
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	var network net.Error
	return errors.As(err, &network) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF)
}

var client = &http.Client{Timeout: 10 * time.Second}

// AWSFetch reads the secret at arn: Secrets Manager's GetSecretValue or SSM's GetParameter (WithDecryption), in the
// ARN's region, with the credentials Lambda gives the function (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
// AWS_SESSION_TOKEN) and AWS_ENDPOINT_URL when it is set, as the AWS SDKs read them.
func AWSFetch(ctx context.Context, arn string) (string, error) {
	parts := strings.SplitN(arn, ":", 6)
	service, region := parts[2], parts[3]
	if service == "ssm" {
		var answer struct{ Parameter struct{ Value string } }
		err := call(ctx, service, region, "AmazonSSM.GetParameter", map[string]any{"Name": arn, "WithDecryption": true}, &answer)
		return answer.Parameter.Value, err
	}
	var answer struct {
		SecretString *string
		SecretBinary []byte // base64 in JSON, which encoding/json decodes into bytes
	}
	err := call(ctx, service, region, "secretsmanager.GetSecretValue", map[string]any{"SecretId": arn}, &answer)
	if answer.SecretString != nil {
		return *answer.SecretString, err
	}
	return string(answer.SecretBinary), err
}

// call makes one signed request of the AWS JSON 1.1 protocol, which both services speak.
func call(ctx context.Context, service, region, target string, input, output any) error {
	body, err := json.Marshal(input)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint(service, region), bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-amz-json-1.1")
	req.Header.Set("X-Amz-Target", target)
	creds := credentials{os.Getenv("AWS_ACCESS_KEY_ID"), os.Getenv("AWS_SECRET_ACCESS_KEY"), os.Getenv("AWS_SESSION_TOKEN")}
	if creds.accessKey == "" || creds.secretKey == "" {
		return errors.New("no AWS credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set (Lambda sets them from the function's role)")
	}
	sign(req, body, creds, region, service, time.Now())
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	answer, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode >= 300 {
		var problem struct {
			Type    string `json:"__type"`
			Message string `json:"message"`
			Upper   string `json:"Message"` // some services capitalise it
		}
		_ = json.Unmarshal(answer, &problem)
		code := problem.Type
		if code == "" {
			code, _, _ = strings.Cut(resp.Header.Get("X-Amzn-ErrorType"), ":")
		}
		if code == "" {
			code = fmt.Sprintf("HTTP %d", resp.StatusCode)
		}
		// The code may come qualified by its namespace: "com.amazonaws.secretsmanager#ResourceNotFoundException".
		code = code[strings.LastIndex(code, "#")+1:]
		if problem.Message == "" {
			problem.Message = problem.Upper
		}
		return &APIError{Status: resp.StatusCode, Code: code, Message: problem.Message}
	}
	return json.Unmarshal(answer, output)
}

// endpoint is the service's own AWS_ENDPOINT_URL_<SERVICE>, else AWS_ENDPOINT_URL, else the service in that region.
func endpoint(service, region string) string {
	own := map[string]string{"secretsmanager": "AWS_ENDPOINT_URL_SECRETS_MANAGER", "ssm": "AWS_ENDPOINT_URL_SSM"}[service]
	for _, variable := range []string{own, "AWS_ENDPOINT_URL"} {
		if value := os.Getenv(variable); value != "" {
			return value
		}
	}
	return "https://" + service + "." + region + ".amazonaws.com"
}

type credentials struct{ accessKey, secretKey, sessionToken string }

// sign adds SigV4's X-Amz-Date, X-Amz-Security-Token and Authorization headers to req, signing every header it has
// (the IAM user guide, "Create a signed AWS API request").
func sign(req *http.Request, body []byte, creds credentials, region, service string, now time.Time) {
	amzDate := now.UTC().Format("20060102T150405Z")
	req.Header.Set("X-Amz-Date", amzDate)
	if creds.sessionToken != "" {
		req.Header.Set("X-Amz-Security-Token", creds.sessionToken)
	}
	headers := map[string]string{"host": req.URL.Host}
	for name, values := range req.Header {
		headers[strings.ToLower(name)] = strings.Join(strings.Fields(strings.Join(values, ",")), " ")
	}
	names := make([]string, 0, len(headers))
	for name := range headers {
		names = append(names, name)
	}
	sort.Strings(names)
	var canonicalHeaders strings.Builder
	for _, name := range names {
		canonicalHeaders.WriteString(name + ":" + headers[name] + "\n")
	}
	signedHeaders := strings.Join(names, ";")
	path := req.URL.EscapedPath()
	if path == "" {
		path = "/"
	}
	canonicalRequest := strings.Join([]string{req.Method, path, canonicalQuery(req.URL.Query()), canonicalHeaders.String(),
		signedHeaders, hexSHA256(body)}, "\n")
	scope := amzDate[:8] + "/" + region + "/" + service + "/aws4_request"
	stringToSign := "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n" + hexSHA256([]byte(canonicalRequest))
	key := []byte("AWS4" + creds.secretKey)
	for _, part := range []string{amzDate[:8], region, service, "aws4_request"} {
		key = hmacSHA256(key, part)
	}
	signature := hex.EncodeToString(hmacSHA256(key, stringToSign))
	req.Header.Set("Authorization", fmt.Sprintf("AWS4-HMAC-SHA256 Credential=%s/%s, SignedHeaders=%s, Signature=%s",
		creds.accessKey, scope, signedHeaders, signature))
}

// canonicalQuery is the query sorted by name, each part percent-encoded as RFC 3986 asks (space as %20).
func canonicalQuery(query url.Values) string {
	pairs := make([]string, 0, len(query))
	for name, values := range query {
		for _, value := range values {
			pairs = append(pairs, escape(name)+"="+escape(value))
		}
	}
	sort.Strings(pairs)
	return strings.Join(pairs, "&")
}

func escape(text string) string { return strings.ReplaceAll(url.QueryEscape(text), "+", "%20") }

func hexSHA256(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

func hmacSHA256(key []byte, data string) []byte {
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(data))
	return mac.Sum(nil)
}
