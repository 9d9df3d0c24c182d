package builtins

var rdsTable = &table{}
