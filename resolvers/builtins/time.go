package builtins

var timeTable = &table{}
