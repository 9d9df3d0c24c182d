package builtins

var dynamodbTable = &table{}
