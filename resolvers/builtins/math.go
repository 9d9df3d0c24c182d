package builtins

var mathTable = &table{}
