package builtins

var strTable = &table{}
