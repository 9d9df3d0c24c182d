// Package vtl is AppSync's dialect of Apache Velocity 1.7: it parses mapping
// templates once and renders them many times against values of package value.
package vtl
