// Package value is the data model that mapping templates and the $util
// library share: JSON-like values with Java's shapes, as AppSync's runtime
// (Velocity on the JVM, Jackson for JSON) gives them.
//
//   - null is nil; booleans are bool; strings are string
//   - integers are int64 and other numbers float64 (Jackson's Integer/Long
//     and Double), rendered as Java renders them: 1.0, 1.0E10
//   - objects are *Map, which keeps insertion order (a LinkedHashMap)
//   - arrays are *List, mutable in place ($list.add) and so a pointer
//
// Host objects such as $util are an Object whose members are values or Func.
package value
