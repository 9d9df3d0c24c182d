package builtins

var xmlTable = &table{}
