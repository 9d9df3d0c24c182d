package builtins

var coreMethods = map[string]method{}
