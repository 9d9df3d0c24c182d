// Package builtins is AppSync's $util library for mapping templates: core
// helpers and the time, dynamodb, list, map, math, str, transform, rds, http,
// xml and log namespaces, as AppSync documents them.
//
// The library is a static table of methods; Util binds it to one evaluation's
// Env (clock, caller, collected errors and response headers), so building
// $util per request costs one small allocation.
package builtins
