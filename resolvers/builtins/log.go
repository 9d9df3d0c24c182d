package builtins

import (
	"context"
	"log/slog"
	"strings"

	"github.com/appsync-local/appsync-local/resolvers/value"
)

// logTable is $util.log: info, debug and error, each taking one object or
// a format with "{}" placeholders and its arguments. They log through
// Env.Log and render nothing.
var logTable = &table{methods: methods("$util.log.", map[string]spec{
	"info":  {1, -1, logAt(slog.LevelInfo)},
	"debug": {1, -1, logAt(slog.LevelDebug)},
	"error": {1, -1, logAt(slog.LevelError)},
})}

func logAt(level slog.Level) func(c *call) (any, error) {
	return func(c *call) (any, error) {
		if c.env.Log == nil || !c.env.Log.Enabled(context.Background(), level) {
			return "", nil
		}
		c.env.Log.Log(context.Background(), level, formatLog(c.args[0], c.args[1:]))
		return "", nil
	}
}

// formatLog is SLF4J's MessageFormatter: each "{}" takes the next
// argument's string form; "\{}" is a literal "{}" and "\\{}" a backslash
// followed by the argument. Placeholders without an argument stay.
func formatLog(format any, args []any) string {
	s := value.String(format)
	if len(args) == 0 {
		return s
	}
	var b strings.Builder
	next := 0
	for i := 0; i < len(s); {
		j := strings.Index(s[i:], "{}")
		if j < 0 || next >= len(args) {
			b.WriteString(s[i:])
			break
		}
		j += i
		switch {
		case j >= 2 && s[j-1] == '\\' && s[j-2] == '\\':
			b.WriteString(s[i : j-1])
			b.WriteString(value.String(args[next]))
			next++
		case j >= 1 && s[j-1] == '\\':
			b.WriteString(s[i : j-1])
			b.WriteString("{}")
		default:
			b.WriteString(s[i:j])
			b.WriteString(value.String(args[next]))
			next++
		}
		i = j + 2
	}
	return b.String()
}
