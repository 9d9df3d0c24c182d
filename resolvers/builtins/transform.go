package builtins

var transformTable = &table{}
