package builtins

var listTable = &table{}
