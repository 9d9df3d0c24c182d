// Package playground serves GraphiQL, the in-browser GraphQL IDE, for a local
// AppSync API. The page works offline: GraphiQL and React are embedded in the
// binary, never loaded from a CDN.
//
// The bundles are not committed. `make playground` (scripts/playground-assets.sh)
// installs the versions pinned in web/package-lock.json from npm and copies them
// into dist/, which is embedded at build time. A binary built without them
// still runs; its playground answers 503 with a message saying to run
// `make playground`.
//
// Handler serves the page at "/" (or "/playground/") and its assets at
// ".../assets/NAME", so it can be mounted at "/" and at "/playground/" with or
// without http.StripPrefix. The page sends queries to Params.Endpoint with the
// headers shown in GraphiQL's header editor, prefilled with the API key.
package playground
