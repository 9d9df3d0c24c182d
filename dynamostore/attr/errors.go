package attr

// Error is a DynamoDB ValidationException raised while validating or
// building attribute values. Msg is exactly DynamoDB's message.
type Error struct{ Msg string }

func (e *Error) Error() string { return e.Msg }

// SerializationError is a DynamoDB SerializationException: the JSON of an
// attribute value has the wrong shape (a number where a string belongs, bad
// base64, ...). Msg follows DynamoDB's (Jackson-derived) wording.
type SerializationError struct{ Msg string }

func (e *SerializationError) Error() string { return e.Msg }

func validationError(msg string) error { return &Error{Msg: msg} }

// Messages shared with callers that wrap them.
const (
	MsgNotNumeric    = "The parameter cannot be converted to a numeric value"
	MsgOverflow      = "Number overflow. Attempting to store a number with magnitude larger than supported range"
	MsgUnderflow     = "Number underflow. Attempting to store a number with magnitude smaller than supported range"
	MsgTooManyDigits = "Attempting to store more than 38 significant digits in a Number"
	MsgEmptyValue    = "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes"
	MsgMultipleTypes = "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes"
	MsgNullNotTrue   = "One or more parameter values were invalid: Null attribute value types must have the value of true"
	MsgEmptySS       = "One or more parameter values were invalid: An string set  may not be empty"
	MsgEmptyNS       = "One or more parameter values were invalid: An number set  may not be empty"
	MsgEmptyBS       = "One or more parameter values were invalid: Binary sets should not be empty"
	MsgNSDuplicates  = "Input collection contains duplicates"
)
