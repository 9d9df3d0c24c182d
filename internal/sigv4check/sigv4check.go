// Package sigv4check verifies AWS Signature Version 4 on requests a test
// server receives, the way AWS does: it re-signs a copy that carries only
// the signed headers, with the same credentials and time, using
// aws-sdk-go-v2's signer, and compares the signatures. Tests use it to prove
// that what appsync-local signs would be accepted.
package sigv4check

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

// Scope is the credential scope a request was signed for.
type Scope struct {
	AccessKeyID, Date, Region, Service string
}

// Verify checks r's Authorization header against creds, with body the bytes
// the server read. It returns the scope signed for, or an error saying what
// does not match.
func Verify(r *http.Request, body []byte, creds aws.Credentials) (Scope, error) {
	auth := r.Header.Get("Authorization")
	if !strings.HasPrefix(auth, "AWS4-HMAC-SHA256 ") {
		return Scope{}, errors.New("no SigV4 Authorization header")
	}
	fields := map[string]string{}
	for _, part := range strings.Split(strings.TrimPrefix(auth, "AWS4-HMAC-SHA256 "), ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		fields[k] = v
	}
	parts := strings.Split(fields["Credential"], "/") // AKID/date/region/service/aws4_request
	if len(parts) != 5 || parts[4] != "aws4_request" {
		return Scope{}, fmt.Errorf("malformed credential scope %q", fields["Credential"])
	}
	sc := Scope{parts[0], parts[1], parts[2], parts[3]}
	if sc.AccessKeyID != creds.AccessKeyID {
		return sc, fmt.Errorf("signed with access key %s, want %s", sc.AccessKeyID, creds.AccessKeyID)
	}
	when, err := time.Parse("20060102T150405Z", r.Header.Get("X-Amz-Date"))
	if err != nil {
		return sc, fmt.Errorf("X-Amz-Date: %w", err)
	}
	cp, err := http.NewRequest(r.Method, "http://"+r.Host+r.RequestURI, strings.NewReader(string(body)))
	if err != nil {
		return sc, err
	}
	// The signer adds Content-Length when it is set; keep it only if signed.
	cp.ContentLength = 0
	for _, h := range strings.Split(fields["SignedHeaders"], ";") {
		switch h {
		case "host":
		case "content-length":
			cp.ContentLength = r.ContentLength
		default:
			cp.Header[http.CanonicalHeaderKey(h)] = r.Header.Values(h)
		}
	}
	sum := sha256.Sum256(body)
	if err := v4.NewSigner().SignHTTP(context.Background(), creds, cp, hex.EncodeToString(sum[:]), sc.Service, sc.Region, when); err != nil {
		return sc, err
	}
	if got := cp.Header.Get("Authorization"); got != auth {
		return sc, fmt.Errorf("signature mismatch:\n got  %s\n want %s", auth, got)
	}
	return sc, nil
}
