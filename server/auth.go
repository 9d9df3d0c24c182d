package server

import (
	"crypto/subtle"
	"net/http"
)

// authenticate checks the caller against the API's auth modes and writes
// AppSync's 401 when none accepts it. This version implements API_KEY; the
// identity of an API-key caller is null in AppSync.
func (s *Server) authenticate(w http.ResponseWriter, r *http.Request, api *API) (identity any, authType string, ok bool) {
	authType, msg := s.checkAuth(api, r.Header)
	if msg != "" {
		writeErrors(w, http.StatusUnauthorized, "UnauthorizedException", msg)
		return nil, "", false
	}
	return nil, authType, true
}

// checkAuth checks an authorization header object (HTTP headers, or the
// object a WebSocket client sends) against the API's auth modes. It returns
// the accepted mode, or the message of AppSync's UnauthorizedException (401).
func (s *Server) checkAuth(api *API, h http.Header) (authType, msg string) {
	key := h.Get("x-api-key")
	if key == "" {
		return "", "Missing authorization header"
	}
	if !hasMode(api, "API_KEY") {
		return "", "You are not authorized to make this call."
	}
	now := s.now()
	for _, k := range api.APIKeys {
		if subtle.ConstantTimeCompare([]byte(k.Value), []byte(key)) == 1 {
			if !k.Expires.IsZero() && now.After(k.Expires) {
				break
			}
			return "API_KEY", ""
		}
	}
	return "", "You are not authorized to make this call."
}

func hasMode(api *API, mode string) bool {
	for _, m := range api.AuthModes {
		if m == mode {
			return true
		}
	}
	return false
}
