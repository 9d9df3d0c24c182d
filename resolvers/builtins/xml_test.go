package builtins

import (
	"strconv"
	"testing"

	"github.com/appsync-local/appsync-local/resolvers/value"
)

func TestXML(t *testing.T) {
	t.Parallel()
	x := func(name, doc, want string) dsCase {
		return dsCase{name: name, path: "xml.toJsonString", args: []string{strconv.Quote(doc)}, want: want, wantText: true}
	}
	m := func(name, doc, want string) dsCase {
		return dsCase{name: name, path: "xml.toMap", args: []string{strconv.Quote(doc)}, want: want}
	}
	runDSCases(t, []dsCase{
		// The two examples of "XML helpers in $util.xml"
		// (https://docs.aws.amazon.com/appsync/latest/devguide/xml-helpers-in-util-xml.html).
		m("documented example, one post", `<?xml version="1.0" encoding="UTF-8"?>
<posts>
<post>
  <id>1</id>
  <title>Getting started with GraphQL</title>
</post>
</posts>`, `{"posts":{"post":{"id":1,"title":"Getting started with GraphQL"}}}`),
		m("documented example, two posts", `<?xml version="1.0" encoding="UTF-8"?>
<posts>
<post>
  <id>1</id>
  <title>Getting started with GraphQL</title>
</post>
<post>
  <id>2</id>
  <title>Getting started with AWS AppSync</title>
</post>
</posts>`, `{"posts":{"post":[{"id":1,"title":"Getting started with GraphQL"},{"id":2,"title":"Getting started with AWS AppSync"}]}}`),
		x("toJsonString", `<a><b>x</b></a>`, `{"a":{"b":"x"}}`),
		x("keepStrings", `<a n="1"><b>2</b><c>true</c></a>`, `{"a":{"n":1,"b":2,"c":true}}`),
		{name: "keepStrings true", path: "xml.toJsonString", args: []string{strconv.Quote(`<a n="1"><b>2</b><c>true</c></a>`), `true`}, wantText: true,
			want: `{"a":{"n":"1","b":"2","c":"true"}}`},
		x("attributes and text", `<price currency="EUR">12.5</price>`, `{"price":{"currency":"EUR","content":12.5}}`),
		x("empty elements", `<a><b/><c></c><d>  </d></a>`, `{"a":{"b":"","c":"","d":""}}`),
		x("attributes only", `<a x="1" y="z"/>`, `{"a":{"x":1,"y":"z"}}`),
		x("mixed content", `<a>one<b>1</b>two</a>`, `{"a":{"content":["one","two"],"b":1}}`),
		x("repeated among others", `<r><i>1</i><j>x</j><i>2</i><i>3</i></r>`, `{"r":{"i":[1,2,3],"j":"x"}}`),
		x("number forms", `<n><a>007</a><b>1.50</b><c>-3</c><d>2.0</d><e>1e5</e><f>99999999999999999999</f><g>-</g><h>0.001</h></n>`,
			`{"n":{"a":"007","b":"1.50","c":-3,"d":2.0,"e":"1e5","f":"99999999999999999999","g":"-","h":0.001}}`),
		x("booleans and null", `<n><a>TRUE</a><b>False</b><c>null</c><d>nil</d></n>`, `{"n":{"a":true,"b":false,"c":null,"d":"nil"}}`),
		x("entities and CDATA", `<a>&lt;b&gt; &amp; &#65; <![CDATA[<raw>]]></a>`, `{"a":"<b> & A <raw>"}`),
		x("text is trimmed", "<a>\n  hello world \n</a>", `{"a":"hello world"}`),
		x("namespaces kept as written", `<s:Envelope xmlns:s="urn:x"><s:Body>1</s:Body></s:Envelope>`,
			`{"s:Envelope":{"xmlns:s":"urn:x","s:Body":1}}`),
		x("comments and doctype skipped", `<!DOCTYPE a><!-- c --><a><!-- d -->x</a>`, `{"a":"x"}`),
		x("two roots", `<a>1</a><a>2</a><b/>`, `{"a":[1,2],"b":""}`),
		x("empty document", ``, `null`),
		x("declaration only", `<?xml version="1.0"?>`, `null`),
		m("empty map", "  ", `null`),
		x("latin-1 declaration", `<?xml version="1.0" encoding="ISO-8859-1"?><a>x</a>`, `{"a":"x"}`),
		{name: "mismatched tags", path: "xml.toMap", args: []string{strconv.Quote(`<a><b></a>`)}, wantErr: "$util.xml.toMap: invalid XML: line 1: </a> where </b> was expected"},
		{name: "unclosed", path: "xml.toJsonString", args: []string{strconv.Quote(`<a><b></b>`)}, wantErr: "invalid XML: <a> is not closed"},
		{name: "stray end", path: "xml.toMap", args: []string{strconv.Quote(`</a>`)}, wantErr: "where no open element was expected"},
		{name: "not a string", path: "xml.toMap", args: []string{`1`}, wantErr: "$util.xml.toMap: expected a string, got Number"},
		{name: "toMap takes one argument", path: "xml.toMap", args: []string{`"<a/>"`, `true`}, wantErr: "expected 1 argument, got 2"},
		{name: "second argument not boolean", path: "xml.toJsonString", args: []string{`"<a/>"`, `"yes"`}, wantErr: "expected a boolean, got String"},
	})
}

// FuzzXMLToMap: no document makes the conversion panic, and what it returns
// renders as JSON that parses back.
func FuzzXMLToMap(f *testing.F) {
	for _, s := range []string{
		`<?xml version="1.0"?><posts><post><id>1</id></post><post><id>2</id></post></posts>`,
		`<a x="1">t<b/>u<![CDATA[<c>]]></a>`, `<s:E xmlns:s="u"><s:B>1.50</s:B></s:E>`, `</a>`, `<a>`, ``,
	} {
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, doc string, keepStrings bool) {
		m, err := XMLToMap(doc, keepStrings)
		if err != nil || m == nil {
			return
		}
		if _, err := value.FromJSON([]byte(value.ToJSON(m))); err != nil {
			t.Fatalf("%q: JSON %s does not parse: %v", doc, value.ToJSON(m), err)
		}
	})
}
