// Package resolvers turns AppSync resolver definitions into executor.Resolvers:
// it builds AppSync's $context for a field, runs the request side, calls the
// data source, and maps the result and errors as AppSync does.
//
// Data sources are reached only through the DataSource interface declared
// here, so this package never imports an adapter; cmd wires concrete ones.
package resolvers
