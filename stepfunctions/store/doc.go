// Package store declares where the Step Functions engine keeps state
// machines, executions and their history, so that the engine does not care
// whether they live in memory (memstore, this issue) or in a durable database
// (the next issue). Every implementation must keep the contract documented on
// Store; the types here are plain data with no behaviour of their own.
package store
