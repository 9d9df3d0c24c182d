package builtins

import "testing"

func TestStr(t *testing.T) {
	t.Parallel()
	runCalls(t, []callCase{
		{fn: "str.toUpper", args: []any{"hello World 1"}, want: "HELLO WORLD 1"},
		{fn: "str.toUpper", args: []any{"straße ﬁx éa"}, want: "STRASSE FIX ÉA"},
		{fn: "str.toLower", args: []any{"HeLLo"}, want: "hello"},
		{fn: "str.toLower", args: []any{"ΟΔΥΣΣΕΥΣ Σ"}, want: "οδυσσευς σ"},
		{fn: "str.toLower", args: []any{"İSTANBUL"}, want: "i̇stanbul"},
		{fn: "str.toReplace", args: []any{"hello world", "hello", "mellow"}, want: "mellow world"},
		{fn: "str.toReplace", args: []any{"a.b.c", ".", "-"}, want: "a-b-c"},
		{fn: "str.toReplace", args: []any{"abc", "", "-"}, want: "-a-b-c-"},
		{fn: "str.toReplace", args: []any{"abc", "x", "y"}, want: "abc"},
		{fn: "str.toReplace", args: []any{"abc", nil, "y"}, err: "argument 2 must be a string, got Null"},
		{fn: "str.normalize", args: []any{"e\u0301", "nfc"}, want: "é"},
		{fn: "str.normalize", args: []any{"é", "NFD"}, want: "e\u0301"},
		{fn: "str.normalize", args: []any{"ﬁ①²", "nfkc"}, want: "fi12"},
		{fn: "str.normalize", args: []any{"ﬁé", "nfkd"}, want: "fie\u0301"},
		{fn: "str.normalize", args: []any{"한국어", "nfd"}, want: "\u1112\u1161\u11ab\u1100\u116e\u11a8\u110b\u1165"},
		{fn: "str.normalize", args: []any{"\u1112\u1161\u11ab", "nfc"}, want: "한"},
		{fn: "str.normalize", args: []any{"a\u0323\u0302", "NFC"}, want: "ậ"},
		{fn: "str.normalize", args: []any{"a\u0302\u0323", "NFC"}, want: "ậ"},
		{fn: "str.normalize", args: []any{"Ａｂｃ１", "NFKC"}, want: "Abc1"},
		{fn: "str.normalize", args: []any{"𝐀𝐁", "NFKC"}, want: "AB"},
		{fn: "str.normalize", args: []any{"\u212b", "NFC"}, want: "\u00c5"},
		{fn: "str.normalize", args: []any{"\u0958", "NFC"}, want: "\u0915\u093c"},
		{fn: "str.normalize", args: []any{"abc", "nfx"}, err: `unknown normalization form "nfx"`},
	})
}
