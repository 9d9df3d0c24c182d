// Package attr holds DynamoDB attribute values: the ten data types, their
// wire form (DynamoDB JSON), validation with DynamoDB's own messages, number
// normalisation, ordering, equality, item size and an order-preserving key
// encoding.
//
// It is a leaf package: it imports nothing of ours.
package attr
