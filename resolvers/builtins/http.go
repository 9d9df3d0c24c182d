package builtins

var httpTable = &table{}
