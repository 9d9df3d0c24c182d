package builtins

var mapTable = &table{}
