// Package schema loads AppSync GraphQL schemas and implements AppSync's scalar
// rules: the AWS prelude, input coercion of arguments and variables, and
// serialization of leaf values in responses.
//
// # Loading
//
// Load parses one or more SDL files (merged, so `extend type` works across
// files), adds an AWS prelude holding the nine AWS scalars and the @aws_*
// directives that the files do not declare themselves, validates the result
// with gqlparser and returns the *ast.Schema. Declaring `scalar AWSDateTime` in
// your own SDL (as code generators and IDE plugins expect) is therefore allowed.
// gqlparser's @defer is removed because AppSync has none. Root types come from a
// schema { } block or from the names Query, Mutation and Subscription.
//
// Load also checks what gqlparser does not: every mutation named by
// @aws_subscribe(mutations: ...) (a single string or a list of strings) must be
// a field of the Mutation type. Problems come back as Errors, each printed as
// "file:line:col: message".
//
// # Scalars
//
// CoerceInput converts an argument or variable value, as gqlparser produces it,
// into the value resolvers see; Serialize converts a resolver's value for a leaf
// field into the JSON value of the response. Built-in scalars follow the GraphQL
// specification on input and graphql-java's lenient rules on output, because
// AppSync runs graphql-java. AWS scalars follow the AppSync documentation
// (https://docs.aws.amazon.com/appsync/latest/devguide/scalars.html) and the
// descriptions AppSync returns in introspection:
//
//   - AWSDate: YYYY-MM-DD, a real calendar date, with an optional offset
//     (Z or ±hh:mm or ±hh:mm:ss, at most ±18:00).
//   - AWSTime: hh:mm[:ss[.f…]] with 1 to 9 fraction digits and an optional offset.
//   - AWSDateTime: an AWSDate, "T", an AWSTime, and a mandatory offset.
//   - AWSTimestamp: integer seconds before or after 1970-01-01T00:00Z (64 bits).
//   - AWSEmail: a bare RFC 822 address, local-part@domain.
//   - AWSJSON: a string holding RFC 8259 JSON text; resolvers receive it parsed.
//   - AWSURL: any scheme (required), local hosts allowed, no "//" in the path.
//   - AWSPhone: digits in groups separated by single spaces or hyphens, with an
//     optional leading "+" and country code.
//   - AWSIPAddress: IPv4 or IPv6, with an optional CIDR suffix such as /16.
//
// Date and time values are validated and passed through unchanged, never
// re-serialized (to UTC or otherwise). The parsing mirrors Java's ISO
// formatters, which AppSync's accepted and rejected examples match, so letters
// T and Z are accepted in either case.
//
// Errors from CoerceInput are *CoercionError and from Serialize *SerializeError;
// their messages copy graphql-java and AppSync's own wording where it is known,
// so that callers can place them in responses the way AppSync does.
package schema
