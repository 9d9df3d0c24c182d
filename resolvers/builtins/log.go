package builtins

var logTable = &table{}
