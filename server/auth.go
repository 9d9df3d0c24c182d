package server

import (
	"crypto/subtle"
	"net/http"
)

// authenticate checks the caller against the API's auth modes and writes
// AppSync's 401 when none accepts it. This version implements API_KEY; the
// identity of an API-key caller is null in AppSync.
func (s *Server) authenticate(w http.ResponseWriter, r *http.Request, api *API) (identity any, authType string, ok bool) {
	key := r.Header.Get("x-api-key")
	if key == "" {
		writeErrors(w, http.StatusUnauthorized, "UnauthorizedException", "Missing authorization header")
		return nil, "", false
	}
	if !hasMode(api, "API_KEY") {
		writeErrors(w, http.StatusUnauthorized, "UnauthorizedException", "You are not authorized to make this call.")
		return nil, "", false
	}
	now := s.now()
	for _, k := range api.APIKeys {
		if subtle.ConstantTimeCompare([]byte(k.Value), []byte(key)) == 1 {
			if !k.Expires.IsZero() && now.After(k.Expires) {
				break
			}
			return nil, "API_KEY", true
		}
	}
	writeErrors(w, http.StatusUnauthorized, "UnauthorizedException", "You are not authorized to make this call.")
	return nil, "", false
}

func hasMode(api *API, mode string) bool {
	for _, m := range api.AuthModes {
		if m == mode {
			return true
		}
	}
	return false
}
