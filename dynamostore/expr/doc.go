// Package expr implements DynamoDB's expression languages for the embedded
// store: condition and filter expressions, key condition expressions,
// update expressions and projection expressions.
//
// Each language has a Parse function that takes the expression with the
// request's ExpressionAttributeNames and ExpressionAttributeValues and
// returns a checked, resolved tree or an *Error whose Msg is exactly
// DynamoDB's ValidationException message, naming the expression kind
// ("Invalid ConditionExpression: ...", "Invalid FilterExpression: ...").
// Parsing is a hand-written lexer (state functions) feeding a
// recursive-descent parser; a checker then applies DynamoDB's semantic
// rules in DynamoDB's order (redundant parentheses, function names,
// misused functions, reserved words, undefined placeholders, operand
// counts, distinct operands, operand types, overlapping paths).
// Evaluation is separate: Condition.Eval, Update.Apply, Projection.Apply,
// KeyCondition.Match. Parsed expressions are immutable and safe for
// concurrent use.
//
// A request typically runs:
//
//	CheckPlaceholders(names, values)            // key syntax, emptiness
//	cond, err := ParseCondition(s, names, values) // each expression present
//	upd, err := ParseUpdate(u, names, values)
//	CheckUnused(names, values, cond, upd)       // "... unused in expressions: keys: {...}"
//	ok, _ := cond.Eval(oldItem)                 // false → ConditionalCheckFailedException
//	newItem, err := upd.Apply(oldItem)
//
// For a Query, ParseKeyCondition is followed by KeyCondition.Bind with the
// table's or index's key schema.
package expr
