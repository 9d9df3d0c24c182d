// Package vtl is AppSync's dialect of Apache Velocity 1.7: the language of
// VTL mapping templates. Parse turns template text into a tree once;
// Template.Execute renders it any number of times, concurrently, against
// root references ($ctx, $util, ...) holding values of package value.
//
//	tmpl, err := vtl.Parse("Query.getPost.req.vtl", text) // *vtl.Error with line:col
//	res, err := tmpl.Execute(map[string]any{"ctx": ctx, "context": ctx, "util": util})
//	// res.Output is the rendered text; res.Returned/Value report #return(x).
//
// # Language
//
// References: $x, ${x}, quiet $!x and $!{x}; properties $a.b (a map entry, a
// host object's member, or a bean property such as $list.empty); indexes
// $a[0], $a[-1], $m["k"]; method calls with literal, reference, list, map
// and range arguments, chained. As in Velocity 1.7 an identifier may contain
// '-' ($a-b is one reference; write $a - b to subtract), and method
// arguments, list and map elements are literals or references, not
// expressions ($l.add($i + 1) is a syntax error, as on AppSync).
//
// Directives: #set, #if/#elseif/#else/#end, #foreach (lists, map values,
// ranges [a..b] either way; $foreach.index/count/hasNext/first/last/parent,
// $velocityCount, $velocityHasNext), #break, #stop, AppSync's #return and
// #return(x), #define, #macro (arguments evaluated once, by value), ##
// and #* *# comments, #[[ unparsed ]]#, and the #{name} forms. A backslash
// escapes a reference or directive (\$x, \#if) with Velocity's odd/even rule.
// #include, #parse and #evaluate are not supported. A #word that is not a
// directive is text ("#name" in DynamoDB expressions); #word(args) calls the
// macro of that name, or is printed as written if there is none.
//
// Expressions: + - * / % with Velocity's rules (integers stay integers, 7/2
// is 3; a float makes a float; division by zero and arithmetic on
// non-numbers give null; + with a string on either side concatenates, a null
// side printing as its source), comparisons == != < > <= >= and eq ne lt gt
// le ge, logic && || ! and and or not, parentheses, strings ('verbatim' or
// "interpolated"; a doubled quote is a quote, \uXXXX is unescaped, other
// backslashes stay), integers, floats, true, false, lists [a, b], ordered
// maps {"k": v}, ranges [1..n]. null is accepted as a literal too (Velocity
// 1.7 has none; $null, an undefined reference, is the portable spelling).
// == compares numbers by value, values of one class with Java's equals, and
// values of different classes by their toString ("1" == 1 is true).
//
// Truth: as Velocity 1.7 evaluates #if, a reference is false when null or
// false and true otherwise ("" and 0 are true); true, comparisons, logic and
// parentheses mean what they say; any other expression used as a condition
// (a string or number literal, a list, arithmetic) is false.
//
// Java methods: values behave as the JVM objects AppSync gives templates.
// String: length, charAt, substring, indexOf, lastIndexOf, contains,
// startsWith, endsWith, equals, equalsIgnoreCase, compareTo(IgnoreCase),
// isEmpty, trim, toUpperCase, toLowerCase, concat, replace, replaceAll,
// replaceFirst, matches, split, hashCode, toCharArray, format, join, valueOf;
// indexes count UTF-16 units. Map: get, getOrDefault, put, putIfAbsent,
// putAll, remove, containsKey, containsValue, keySet, values, entrySet
// (entries have key/value, getKey/getValue/setValue), size, isEmpty, clear.
// List: get, add, addAll, set, remove (an integer argument is an index),
// contains, containsAll, removeAll, retainAll, indexOf, lastIndexOf, subList
// (a copy), size, isEmpty, clear. Numbers: intValue, longValue, doubleValue,
// floatValue, shortValue, byteValue, compareTo, isNaN, isInfinite. Booleans:
// booleanValue, compareTo. All: toString, equals, hashCode, getClass. Java
// regular expressions run on Go's regexp after translation (POSIX classes
// \p{Alpha}, \h, \uXXXX, possessive quantifiers are rewritten; lookaround and
// backreferences are errors). A method Velocity would not find is an error
// naming the method and the receiver's class.
//
// # Null
//
// A reference whose value is null, whether undefined, a missing map key or a
// method returning null, prints as its source text ($foo, $m.put("k", 1));
// quiet references print nothing. This is why templates wrap calls in
// $util.qr(...): host functions meant to print nothing must return "" (or
// any non-null value), not nil. Java methods declared void (clear, putAll,
// add(index, x)) return "".
//
// #set($x = null-valued expression) leaves $x unchanged, as Velocity 1.7 does
// with its default directive.set.null.allowed=false: a #set inside #foreach
// whose value is null keeps the previous iteration's value.
//
// # Whitespace
//
// As Velocity 1.7's lexer: #set eats the spaces and tabs before it on its
// line; the ")" that closes any directive (#set, #if, #elseif, #foreach,
// #define, #macro, #return(x), macro calls) and the words #else and #end eat
// the spaces and tabs after them and one newline. Indentation before #if,
// #foreach, #else and #end stays in the output; ## comments eat their
// newline; #* *#, #break, #stop and bare #return eat nothing. So a line
// holding only #set(...) vanishes, an indented #if line leaves its
// indentation, and a line holding only $util.qr(...) leaves its newline.
// AppSync parses most output as JSON, where this whitespace is harmless.
//
// # Limits
//
// Templates over 64 KB are refused; a #foreach over 1000 iterations, output
// over 5 MB and nesting over 100 levels are errors, as are (emulator
// safety) more than 2^20 loop iterations and macro calls in one execution,
// collections over 2^20 elements and strings over 5 MB.
//
// # Errors
//
// Parse and Execute return *Error, "name:line:col: message". An error a
// host function (value.Func) returns is wrapped: errors.As finds the
// *value.Error that $util.error raised.
package vtl
