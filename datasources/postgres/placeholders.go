package postgres

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// statement is one SQL statement with its :name placeholders replaced by
// $n parameters.
type statement struct {
	sql   string   // rewritten text
	names []string // names[i] is the name (without colon) bound to $(i+1)
	// shifts are the replacements, in order: byte ranges of the original
	// text and of sql.
	shifts []shift
	orig   string
}

type shift struct{ origStart, origEnd, newStart, newEnd int }

// rewrite replaces every :name placeholder of query with $n (the same n for
// each use of one name), cast as cast(name) says ("" for no cast). It leaves
// alone what is not a placeholder: string literals ('...', E'...' with
// backslash escapes, $tag$...$tag$), quoted identifiers ("..."), comments
// (-- and nested /* */), casts (::type) and a colon not followed by a
// letter or underscore (array slices like a[1:2]).
func rewrite(query string, cast func(name string) string) statement {
	st := statement{orig: query}
	var b strings.Builder
	index := map[string]int{}
	i := 0
	n := len(query)
	for i < n {
		c := query[i]
		switch {
		case c == '\'':
			// E'...' allows backslash escapes; the E was already copied.
			escapes := i > 0 && (query[i-1] == 'E' || query[i-1] == 'e') && (i == 1 || !isIdent(query[i-2]))
			j := i + 1
			for j < n {
				if escapes && query[j] == '\\' {
					j += 2
					continue
				}
				if query[j] == '\'' {
					if j+1 < n && query[j+1] == '\'' {
						j += 2
						continue
					}
					break
				}
				j++
			}
			j = min(j+1, n)
			b.WriteString(query[i:j])
			i = j
		case c == '"':
			j := i + 1
			for j < n {
				if query[j] == '"' {
					if j+1 < n && query[j+1] == '"' {
						j += 2
						continue
					}
					break
				}
				j++
			}
			j = min(j+1, n)
			b.WriteString(query[i:j])
			i = j
		case c == '-' && i+1 < n && query[i+1] == '-':
			j := strings.IndexByte(query[i:], '\n')
			if j < 0 {
				j = n
			} else {
				j += i
			}
			b.WriteString(query[i:j])
			i = j
		case c == '/' && i+1 < n && query[i+1] == '*':
			depth, j := 1, i+2
			for j < n && depth > 0 {
				switch {
				case query[j] == '/' && j+1 < n && query[j+1] == '*':
					depth++
					j += 2
				case query[j] == '*' && j+1 < n && query[j+1] == '/':
					depth--
					j += 2
				default:
					j++
				}
			}
			b.WriteString(query[i:j])
			i = j
		case c == '$' && (i == 0 || !isIdent(query[i-1])):
			// A dollar-quoted string: $$...$$ or $tag$...$tag$.
			k := i + 1
			for k < n && isIdent(query[k]) && !(k == i+1 && isDigit(query[k])) {
				k++
			}
			if k < n && query[k] == '$' {
				tag := query[i : k+1]
				end := strings.Index(query[k+1:], tag)
				j := n
				if end >= 0 {
					j = k + 1 + end + len(tag)
				}
				b.WriteString(query[i:j])
				i = j
				continue
			}
			b.WriteByte(c)
			i++
		case c == ':' && i+1 < n && query[i+1] == ':':
			b.WriteString("::")
			i += 2
		case c == ':' && i+1 < n && isIdentStart(query[i+1]):
			j := i + 1
			for j < n && isIdent(query[j]) {
				j++
			}
			name := query[i+1 : j]
			k, ok := index[name]
			if !ok {
				st.names = append(st.names, name)
				k = len(st.names)
				index[name] = k
			}
			param := "$" + strconv.Itoa(k)
			if t := cast(name); t != "" {
				param += "::" + t
			}
			at := b.Len()
			b.WriteString(param)
			st.shifts = append(st.shifts, shift{origStart: i, origEnd: j, newStart: at, newEnd: at + len(param)})
			i = j
		default:
			b.WriteByte(c)
			i++
		}
	}
	st.sql = b.String()
	return st
}

// position converts a 1-based character position in the rewritten text (as
// Postgres reports it) to one in the original statement; a position inside
// a $n parameter points at its :name.
func (st statement) position(pos int) int {
	off, chars := 0, 1
	for off < len(st.sql) && chars < pos {
		_, size := utf8.DecodeRuneInString(st.sql[off:])
		off += size
		chars++
	}
	orig := off
	for _, r := range st.shifts {
		if off < r.newStart {
			break
		}
		if off < r.newEnd {
			orig = r.origStart
			break
		}
		orig = r.origEnd + (off - r.newEnd)
	}
	orig = min(max(orig, 0), len(st.orig))
	return utf8.RuneCountInString(st.orig[:orig]) + 1
}

func isIdentStart(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

func isIdent(c byte) bool { return isIdentStart(c) || isDigit(c) }

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
