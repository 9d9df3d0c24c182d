// Package executor runs validated GraphQL operations against a schema loaded at
// runtime, with AppSync's execution semantics.
//
// gqlgen generates field execution for a schema known at compile time; AppSync
// schemas arrive as files or uploads, so this package implements
// graphql.ExecutableSchema over a gqlparser schema and dispatches each field to a
// Resolver looked up by "Type.field". Everything else of gqlgen (parsing, the
// query cache, validation, variable coercion, transports) is reused.
//
// Semantics follow AppSync (graphql-java underneath): sibling fields of a query
// resolve concurrently, top-level mutation fields run in document order,
// arguments are coerced with the AWS scalar rules before any resolver runs, leaf
// values are serialized with the same rules, a null in a non-null position
// propagates to the nearest nullable parent, and field errors carry AppSync's
// errorType, errorInfo and data. A panicking resolver becomes a field error.
package executor
