package vtl_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/appsync-local/appsync-local/resolvers/vtl"
)

// TestParsePrint parses templates and checks the printed tree: directive
// arguments in canonical form, everything else as written.
func TestParsePrint(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ name, in, want string }{
		{"text", "plain text", "plain text"},
		{"empty", "", ""},
		{"reference forms", "$a ${b} $!c $!{d} $a.b.c $a[0][\"k\"]", "$a ${b} $!c $!{d} $a.b.c $a[0][\"k\"]"},
		{"method call keeps its source", "$a.b( 1 , 'x' )", "$a.b( 1 , 'x' )"},
		{"if", "#if( $a==1 )x#end", "#if($a == 1)x#end"},
		{"if else", "#if($a)x#elseif( $b )y#else z#end", "#if($a)x#elseif($b)y#else z#end"},
		{"bracketed", "#{if}($a)#{else}#{end}", "#{if}($a)#{else}#{end}"},
		{"word operators", "#if($a and not $b or $c eq 1)#end", "#if($a && !$b || $c == 1)#end"},
		{"set list", "#set( $x = [1,2] )", "#set($x = [1, 2])"},
		{"set map", "#set($x={'a':1,\"b\":$y})", "#set($x = {'a': 1, \"b\": $y})"},
		{"set keeps eaten whitespace", "a  #set($a = 1)  \nb", "a  #set($a = 1)  \nb"},
		{"set target", "#set($m.k[0] = 1)", "#set($m.k[0] = 1)"},
		{"arithmetic", "#set($a = (1 + 2) * -3 / $b % 4 - 1.5)", "#set($a = (1 + 2) * -3 / $b % 4 - 1.5)"},
		{"comparisons", "#set($a = 1<2 && 2>=1 || !($x!=$y))", "#set($a = 1 < 2 && 2 >= 1 || !($x != $y))"},
		{"foreach", "#foreach( $i in [1 .. 3] )$i#end", "#foreach($i in [1..3])$i#end"},
		{"foreach trailing newline", "#foreach($i in $l)\n$i\n#end\n", "#foreach($i in $l)\n$i\n#end\n"},
		{"define", "#define( $d )x#end", "#define($d)x#end"},
		{"macro", "#macro( m $a, $b )$a#end#m( 1 2 )", "#macro(m $a $b)$a#end#m(1, 2)"},
		{"return", "#return #return( $x ) #return()", "#return #return($x) #return()"},
		{"break stop", "#break#stop#{break}", "#break#stop#{break}"},
		{"comments", "##c\n#*b*#x#**d*#", "##c\n#*b*#x#**d*#"},
		{"unparsed", "#[[ $x #if ]]#", "#[[ $x #if ]]#"},
		{"escapes", "\\#if \\\\$x \\$y \\#{end}", "\\#if \\\\$x \\$y \\#{end}"},
		{"string literals", "#set($a = \"x $b\" + 'y' + \"q\"\"q\")", "#set($a = \"x $b\" + 'y' + \"q\"\"q\")"},
		{"hash text", "\"#name\" # #1 #{x}", "\"#name\" # #1 #{x}"},
		{"null literal", "#if($a == null)#end", "#if($a == null)#end"},
		{"unknown directive with args", "#foo( $a  'b' )", "#foo($a, 'b')"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tmpl, err := vtl.Parse("t.vtl", tt.in)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.in, err)
			}
			if got := tmpl.String(); got != tt.want {
				t.Errorf("Parse(%q).String() = %q, want %q", tt.in, got, tt.want)
			}
			again, err := vtl.Parse("t.vtl", tmpl.String())
			if err != nil {
				t.Fatalf("reparse %q: %v", tmpl.String(), err)
			}
			if again.String() != tmpl.String() {
				t.Errorf("reparse of %q prints %q", tmpl.String(), again.String())
			}
		})
	}
}

// TestParseTree checks the node types the parser builds.
func TestParseTree(t *testing.T) {
	t.Parallel()
	tmpl, err := vtl.Parse("t.vtl", "a$b#set($c = 1)#if($c)#end#foreach($i in $l)#end## x\n")
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, n := range tmpl.Root.Nodes {
		switch n.(type) {
		case *vtl.TextNode:
			kinds = append(kinds, "text")
		case *vtl.RefNode:
			kinds = append(kinds, "ref")
		case *vtl.SetNode:
			kinds = append(kinds, "set")
		case *vtl.IfNode:
			kinds = append(kinds, "if")
		case *vtl.ForeachNode:
			kinds = append(kinds, "foreach")
		case *vtl.CommentNode:
			kinds = append(kinds, "comment")
		default:
			kinds = append(kinds, "?")
		}
	}
	if got, want := strings.Join(kinds, " "), "text ref set if foreach comment"; got != want {
		t.Errorf("nodes = %s, want %s", got, want)
	}
	set := tmpl.Root.Nodes[2].(*vtl.SetNode)
	if p := set.Position(); p.Line != 1 || p.Col != 4 {
		t.Errorf("#set at %d:%d, want 1:4", p.Line, p.Col)
	}
	if tmpl.Name() != "t.vtl" {
		t.Errorf("Name() = %q", tmpl.Name())
	}
}

// TestParseErrors checks messages and positions of syntax errors.
func TestParseErrors(t *testing.T) {
	t.Parallel()
	deep := strings.Repeat("#if($a)", 101) + strings.Repeat("#end", 101)
	for _, tt := range []struct {
		name, in  string
		line, col int
		msg       string
	}{
		{"if without end", "#if($a)\nx\n", 3, 1, "#if without #end (opened at 1:1)"},
		{"end without if", "x\n\n  #end", 3, 3, "#end without a matching #if, #foreach, #define or #macro"},
		{"nested opened at", "#if($a)\n  #foreach($i in $l)\n#end", 3, 5, "#if without #end (opened at 1:1)"},
		{"else outside", "a\n#else", 2, 1, "#else without #if"},
		{"unclosed paren", "#if($a\n\n", 3, 1, "unclosed directive: missing )"},
		{"bad operator", "#set($a = 1 +)", 1, 14, "missing operand before ')'"},
		{"unterminated string", "x\n#set($a = 'abc)", 2, 11, "unterminated string literal"},
		{"error inside string", "#set($a = \"x\n  $b.c(\")", 2, 8, "unclosed method call: missing )"},
		{"too deep", deep, 1, 698, "nesting too deep (more than 100 levels)"},
		{"too large", strings.Repeat("x", vtl.MaxTemplateSize+1), 1, 1, "template is 65537 bytes, over AppSync's limit of 65536 (64 KB)"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := vtl.Parse("Query.x.req.vtl", tt.in)
			var e *vtl.Error
			if !errors.As(err, &e) {
				t.Fatalf("Parse(%q) error = %v, want *vtl.Error", tt.in, err)
			}
			if e.Line != tt.line || e.Col != tt.col || e.Msg != tt.msg || e.Name != "Query.x.req.vtl" {
				t.Errorf("Parse(%q) = %d:%d %q, want %d:%d %q", tt.in, e.Line, e.Col, e.Msg, tt.line, tt.col, tt.msg)
			}
			if !strings.HasPrefix(err.Error(), "Query.x.req.vtl:") {
				t.Errorf("Error() = %q", err.Error())
			}
		})
	}
}

// TestTemplateAtSizeLimit parses a template of exactly 64 KB.
func TestTemplateAtSizeLimit(t *testing.T) {
	t.Parallel()
	if _, err := vtl.Parse("t.vtl", strings.Repeat("x", vtl.MaxTemplateSize)); err != nil {
		t.Fatal(err)
	}
}
