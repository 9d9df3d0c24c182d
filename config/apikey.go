package config

import (
	"crypto/sha256"
	"encoding/base32"
	"regexp"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// APIKeyValue returns the stable key appsync-local generates for key name of
// API api when apiKeyId is not given: "da2-" and 26 lowercase base32
// characters of a hash of both names.
func APIKeyValue(api, name string) string {
	sum := sha256.Sum256([]byte(api + "\x00" + name))
	enc := base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(sum[:])
	return "da2-" + strings.ToLower(enc[:26])
}

var durationRE = regexp.MustCompile(`^(\d+)(y|q|M|w|d|h|m|s|ms)?$`)

const day = 24 * time.Hour

// decodeAPIKeys reads apiKeys; keys exist only when some auth mode is
// API_KEY, and a "default" key is added when apiKeys is absent.
func (s *state) decodeAPIKeys(o *obj, cfg *Config) {
	start := s.now.UTC().Truncate(time.Hour)
	var keys []APIKey
	n, given := o.get("apiKeys")
	if given {
		seen := map[string]*yaml.Node{}
		if seq := s.sequence(n, "apiKeys"); seq != nil {
			for _, item := range seq.Content {
				k, at, ok := s.apiKey(item, cfg.Name, start)
				if k.Name != "" {
					if first, dup := seen[k.Name]; dup {
						s.errorf(at, "api key %q is already defined at line %d; rename one", k.Name, first.Line)
						continue
					}
					seen[k.Name] = at
				}
				if ok {
					keys = append(keys, k)
				}
			}
		}
	}
	if !contains(cfg.AuthTypes(), AuthAPIKey) {
		return
	}
	if !given {
		keys = []APIKey{{
			Name:        "default",
			Description: "Auto-generated api key",
			Value:       APIKeyValue(cfg.Name, "default"),
			Expires:     start.Add(365 * day),
			Pos:         cfg.Authentication.Pos,
		}}
	}
	cfg.APIKeys = keys
}

func (s *state) apiKey(n *yaml.Node, api string, start time.Time) (APIKey, *yaml.Node, bool) {
	d := s.deref(n)
	if d == nil {
		return APIKey{}, nil, false
	}
	k := APIKey{Pos: s.pos(d), Expires: start.Add(365 * day)}
	if d.Kind != yaml.MappingNode {
		name, ok := s.str(d, "apiKeys item")
		if !ok {
			return k, d, false
		}
		k.Name, k.Value = name, APIKeyValue(api, name)
		return k, d, true
	}
	o := s.objectOf(d, "api key", apiKeyKeys)
	nn, ok := o.get("name")
	if !ok {
		s.missing(d, "name", "api key", "add name: <key name>")
		return k, d, false
	}
	if k.Name, ok = s.str(nn, "name"); !ok {
		return k, d, false
	}
	if v, ok := o.get("description"); ok {
		k.Description, _ = s.str(v, "description")
	}
	k.Value = APIKeyValue(api, k.Name)
	if v, ok := o.get("apiKeyId"); ok {
		if id, ok := s.str(v, "apiKeyId"); ok && id != "" {
			k.Value = id
		}
	}
	var expNode *yaml.Node
	fix := "use expiresAfter between 1d and 365d"
	if v, ok := o.get("expiresAfter"); ok {
		expNode = s.shown(v)
		exp, ok := s.expiresAfter(v, start)
		if !ok {
			return k, d, false
		}
		k.Expires = exp
	} else if v, ok := o.get("expiresAt"); ok {
		expNode = s.shown(v)
		fix = "set expiresAt between 1 and 365 days from now, or use expiresAfter"
		str, ok := s.str(v, "expiresAt")
		if !ok {
			return k, d, false
		}
		t, err := time.Parse(time.RFC3339, str)
		if err != nil {
			s.errorf(expNode, "expiresAt %q is not an RFC 3339 date-time; write it like 2030-01-31T00:00:00Z", str)
			return k, d, false
		}
		k.Expires = t
	}
	if expNode != nil && (k.Expires.Before(s.now.Add(day)) || k.Expires.After(s.now.Add(365*day))) {
		s.errorf(expNode, "api key %q must expire 1 to 365 days from now, not %s; %s", k.Name, k.Expires.UTC().Format(time.RFC3339), fix)
		return k, d, false
	}
	return k, d, true
}

// expiresAfter reads a duration: a number of hours, or digits and a unit
// (y, q, M, w, d, h, m, s, ms) as the plugin accepts.
func (s *state) expiresAfter(n *yaml.Node, start time.Time) (time.Time, bool) {
	d := s.deref(n)
	if d == nil {
		return time.Time{}, false
	}
	if d.Kind != yaml.ScalarNode || (d.ShortTag() != "!!int" && !isStringScalar(d)) {
		s.typeErr(d, "expiresAfter", "a duration such as 30d or a number of hours")
		return time.Time{}, false
	}
	v := d.Value
	if isStringScalar(d) {
		var ok bool
		if v, ok = s.str(d, "expiresAfter"); !ok {
			return time.Time{}, false
		}
	}
	m := durationRE.FindStringSubmatch(v)
	amount, err := strconv.Atoi(func() string {
		if m == nil {
			return "x"
		}
		return m[1]
	}())
	if m == nil || err != nil || amount > 1_000_000 {
		s.errorf(d, "expiresAfter %q is not a duration; write a number and a unit such as 24h, 30d, 3M or 1y", v)
		return time.Time{}, false
	}
	var t time.Time
	switch m[2] {
	case "y":
		if amount == 1 {
			t = start.Add(365 * day)
		} else {
			t = start.AddDate(amount, 0, 0)
		}
	case "q":
		t = start.AddDate(0, 3*amount, 0)
	case "M":
		t = start.AddDate(0, amount, 0)
	case "w":
		t = start.AddDate(0, 0, 7*amount)
	case "d":
		t = start.AddDate(0, 0, amount)
	case "", "h":
		t = start.Add(time.Duration(amount) * time.Hour)
	case "m":
		t = start.Add(time.Duration(amount) * time.Minute)
	case "s":
		t = start.Add(time.Duration(amount) * time.Second)
	case "ms":
		t = start.Add(time.Duration(amount) * time.Millisecond)
	}
	// Expiry is rounded down to the hour, so a 24h key would live less than
	// a day; like the plugin, make it 25h.
	if dur := t.Sub(start); dur >= day && dur < day+time.Hour {
		t = start.Add(day + time.Hour)
	}
	return t, true
}
