package expr

import (
	"errors"
	"testing"
)

const evalItem = `{
	"pk": {"S": "user#1"},
	"name": {"S": "Ada Lovelace"},
	"age": {"N": "36"},
	"score": {"N": "1.50"},
	"neg": {"N": "-5"},
	"bin": {"B": "AQID"},
	"ok": {"BOOL": true},
	"nothing": {"NULL": true},
	"tags": {"SS": ["math", "poetry"]},
	"nums": {"NS": ["1", "2.5"]},
	"blobs": {"BS": ["AQ==", "Ag=="]},
	"list": {"L": [{"S": "a"}, {"N": "2"}, {"M": {"x": {"S": "y"}}}]},
	"uni": {"S": "é𝄞"},
	"map": {"M": {"inr": {"M": {"deep": {"N": "7"}}}, "s": {"S": "hello"}, "blank": {"S": ""}}}
}`

func TestConditionEval(t *testing.T) {
	t.Parallel()
	item := mustItem(t, evalItem)
	names := Names{"#n": "name", "#l": "list", "#m": "map", "#s": "size"}
	values := mustValues(t, `{
		":ada": {"S": "Ada Lovelace"}, ":Ada": {"S": "Ada"}, ":love": {"S": "Love"},
		":36": {"N": "36"}, ":36f": {"N": "36.0"}, ":35": {"N": "35"}, ":40": {"N": "40"}, ":one5": {"N": "1.5"},
		":2": {"N": "2"}, ":3": {"N": "3"}, ":7": {"N": "7"}, ":12": {"N": "12"}, ":m5": {"N": "-5"},
		":s36": {"S": "36"}, ":math": {"S": "math"}, ":two5": {"N": "2.5"}, ":b1": {"B": "AQ=="}, ":b12": {"B": "AQI="},
		":a": {"S": "a"}, ":xy": {"M": {"x": {"S": "y"}}},
		":S": {"S": "S"}, ":N": {"S": "N"}, ":SS": {"S": "SS"}, ":NULL": {"S": "NULL"}, ":M": {"S": "M"}, ":L": {"S": "L"}, ":BOOL": {"S": "BOOL"},
		":true": {"BOOL": true}, ":tags": {"SS": ["poetry", "math"]}, ":empty": {"S": ""}, ":hello": {"S": "hello"}
	}`)
	tests := []struct {
		src  string
		want bool
	}{
		{"#n = :ada", true},
		{"#n <> :ada", false},
		{"age = :36", true},
		{"age = :36f", true},
		{"age = :s36", false},
		{"age <> :s36", true},
		{"absent <> :ada", true},
		{"absent = :ada", false},
		{"age > :35", true},
		{"age >= :36", true},
		{"age < :36", false},
		{"age <= :40", true},
		{"neg < :2", true},
		{"neg = :m5", true},
		{"score = :one5", true},
		{"age < :s36", false},
		{"#n > :Ada", true},
		{"bin > :b12", true},
		{"age BETWEEN :35 AND :40", true},
		{"age BETWEEN :36 AND :36", true},
		{"age BETWEEN :2 AND :35", false},
		{"#n BETWEEN :35 AND :40", false},
		{"age IN (:35, :36f)", true},
		{"age IN (:35, :40)", false},
		{"absent IN (:35)", false},
		{"attribute_exists(age)", true},
		{"attribute_exists(absent)", false},
		{"attribute_not_exists(absent)", true},
		{"attribute_exists(#m.inr.deep)", true},
		{"attribute_exists(#m.inr.nope)", false},
		{"attribute_exists(#l[2].x)", true},
		{"attribute_exists(#l[3])", false},
		{"attribute_exists(age.x)", false},
		{"attribute_exists(#m[0])", false},
		{"attribute_exists(nothing)", true},
		{"attribute_type(age, :N)", true},
		{"attribute_type(age, :S)", false},
		{"attribute_type(tags, :SS)", true},
		{"attribute_type(nothing, :NULL)", true},
		{"attribute_type(#m, :M)", true},
		{"attribute_type(#l, :L)", true},
		{"attribute_type(ok, :BOOL)", true},
		{"attribute_type(absent, :S)", false},
		{"begins_with(#n, :Ada)", true},
		{"begins_with(#n, :love)", false},
		{"begins_with(bin, :b12)", true},
		{"begins_with(age, :Ada)", false},
		{"contains(#n, :love)", true},
		{"contains(#n, :math)", false},
		{"contains(tags, :math)", true},
		{"contains(nums, :two5)", true},
		{"contains(nums, :2)", false},
		{"contains(blobs, :b1)", true},
		{"contains(bin, :b12)", true},
		{"contains(#l, :a)", true},
		{"contains(#l, :2)", true},
		{"contains(#l, :xy)", true},
		{"contains(#l, :3)", false},
		{"contains(tags, :2)", false},
		{"size(#n) = :12", true},
		{"size(bin) = :3", true},
		{"size(uni) = :3", true}, // UTF-16 code units, as DynamoDB counts
		{"size(tags) = :2", true},
		{"size(#l) = :3", true},
		{"size(#m) = :3", true},
		{"size(#m.blank) < :2", true},
		{"size(age) = :2", false},
		{"size(absent) = :2", false},
		{"size(#l) > size(tags)", true},
		{"ok = :true", true},
		{"tags = :tags", true},
		{"#m.s = :hello", true},
		{"#m.inr.deep = :7", true},
		{"#l[1] = :2", true},
		{"age = :36 AND #n = :ada", true},
		{"age = :35 AND #n = :ada", false},
		{"age = :35 OR #n = :ada", true},
		{"NOT age = :35", true},
		{"NOT (age = :36 AND #n = :ada)", false},
		{"age = :35 OR age = :36 AND #n = :Ada", false},
		{"(age = :35 OR age = :36) AND #n = :ada", true},
		{"NOT attribute_exists(absent) AND NOT attribute_not_exists(age)", true},
		{"age = age", false}, // rejected: distinct operands; see below
	}
	for _, tt := range tests[:len(tests)-1] {
		t.Run(tt.src, func(t *testing.T) {
			t.Parallel()
			c, err := ParseCondition(tt.src, names, values)
			if err != nil {
				t.Fatalf("ParseCondition(%q): %v", tt.src, err)
			}
			got, err := c.Eval(item)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("Eval(%q) = %v, want %v", tt.src, got, tt.want)
			}
		})
	}
	t.Run("absent item", func(t *testing.T) {
		t.Parallel()
		c, err := ParseCondition("attribute_not_exists(pk)", nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		if ok, _ := c.Eval(nil); !ok {
			t.Error("attribute_not_exists(pk) on no item = false")
		}
	})
	t.Run("two paths", func(t *testing.T) {
		t.Parallel()
		c, err := ParseCondition("age > neg", nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		if ok, _ := c.Eval(item); !ok {
			t.Error("age > neg = false")
		}
	})
}

func TestUpdateApply(t *testing.T) {
	t.Parallel()
	base := `{"pk":{"S":"k"},"n":{"N":"10"},"s":{"S":"x"},"l":{"L":[{"S":"a"},{"S":"b"},{"S":"c"}]},"m":{"M":{"a":{"N":"1"},"b":{"M":{}}}},"ss":{"SS":["a","b"]},"ns":{"NS":["1","2"]}}`
	names := Names{"#n": "n", "#w": "with.dot"}
	values := mustValues(t, `{
		":v": {"S": "v"}, ":one": {"N": "1"}, ":half": {"N": "0.5"}, ":big": {"N": "9.9999999999999999999999999999999999999E+125"},
		":l": {"L": [{"S": "z"}]}, ":ss": {"SS": ["b", "c"]}, ":ssa": {"SS": ["a", "b"]}, ":ns": {"NS": ["3"]}, ":str": {"S": "s"},
		":m": {"M": {"k": {"S": "v"}}}, ":e50": {"N": "1E50"}, ":tiny": {"N": "1E-130"}
	}`)
	tests := []struct {
		name, item, src, want string
	}{
		{"set new", base, "SET a = :v", `"a":{"S":"v"}`},
		{"set replace", base, "SET s = :v", `"s":{"S":"v"}`},
		{"set placeholder with dot", base, "SET #w = :v", `"with.dot":{"S":"v"}`},
		{"increment", base, "SET #n = #n + :one", `"n":{"N":"11"}`},
		{"decrement fraction", base, "SET n = n - :half", `"n":{"N":"9.5"}`},
		{"value minus path", base, "SET x = :one - n", `"x":{"N":"-9"}`},
		{"copy attribute", base, "SET c = s", `"c":{"S":"x"}`},
		{"if_not_exists absent", base, "SET c = if_not_exists(c, :v)", `"c":{"S":"v"}`},
		{"if_not_exists present", base, "SET s = if_not_exists(s, :v)", `"s":{"S":"x"}`},
		{"counter", base, "SET c = if_not_exists(c, :one) + :one", `"c":{"N":"2"}`},
		{"list_append", base, "SET l = list_append(l, :l)", `"l":{"L":[{"S":"a"},{"S":"b"},{"S":"c"},{"S":"z"}]}`},
		{"list_prepend", base, "SET l = list_append(:l, l)", `"l":{"L":[{"S":"z"},{"S":"a"},{"S":"b"},{"S":"c"}]}`},
		{"list index replace", base, "SET l[1] = :v", `"l":{"L":[{"S":"a"},{"S":"v"},{"S":"c"}]}`},
		{"list index beyond end appends", base, "SET l[10] = :v", `"l":{"L":[{"S":"a"},{"S":"b"},{"S":"c"},{"S":"v"}]}`},
		{"appends in index order", base, "SET l[84] = :v, l[17] = :str, l[1] = :one", `"l":{"L":[{"S":"a"},{"N":"1"},{"S":"c"},{"S":"s"},{"S":"v"}]}`},
		{"remove and set use original indexes", `{"l":{"L":[{"N":"2"},{"N":"3"},{"N":"4"},{"N":"5"},{"N":"6"}]}}`, "REMOVE l[1] SET l[3] = :one", `"l":{"L":[{"N":"2"},{"N":"4"},{"N":"1"},{"N":"6"}]}`},
		{"remove nested from missing item", "", "REMOVE x.y, z[0]", `{}`},
		{"nested map", base, "SET m.b.c = :v", `"m":{"M":{"a":{"N":"1"},"b":{"M":{"c":{"S":"v"}}}}}`},
		{"nested map value", base, "SET m.fresh = :m", `"m":{"M":{"a":{"N":"1"},"b":{"M":{}},"fresh":{"M":{"k":{"S":"v"}}}}}`},
		{"remove", base, "REMOVE s, absent", `-s`},
		{"remove list element shifts", base, "REMOVE l[0]", `"l":{"L":[{"S":"b"},{"S":"c"}]}`},
		{"remove list elements by original index", base, "REMOVE l[0], l[2]", `"l":{"L":[{"S":"b"}]}`},
		{"remove list beyond end", base, "REMOVE l[7]", `"l":{"L":[{"S":"a"},{"S":"b"},{"S":"c"}]}`},
		{"remove nested", base, "REMOVE m.a", `"m":{"M":{"b":{"M":{}}}}`},
		{"add number", base, "ADD n :one", `"n":{"N":"11"}`},
		{"add number new", base, "ADD c :half", `"c":{"N":"0.5"}`},
		{"add set", base, "ADD ss :ss", `"ss":{"SS":["a","b","c"]}`},
		{"add set new", base, "ADD t :ns", `"t":{"NS":["3"]}`},
		{"delete from set", base, "DELETE ss :ss", `"ss":{"SS":["a"]}`},
		{"delete all removes", base, "DELETE ss :ssa", `-ss`},
		{"delete absent", base, "DELETE zz :ss", `"ss":{"SS":["a","b"]}`},
		{"new item", "", "SET a = :v ADD c :one", `{"a":{"S":"v"},"c":{"N":"1"}}`},
		{"all sections", base, "SET a = :v REMOVE s ADD n :one DELETE ns :ns", `"a":{"S":"v"}`},
		// Errors.
		{"absent operand", base, "SET a = absent", "!The provided expression refers to an attribute that does not exist in the item"},
		{"absent arithmetic operand", base, "SET a = absent + :one", "!The provided expression refers to an attribute that does not exist in the item"},
		{"arithmetic on string", base, "SET a = s + :one", "!An operand in the update expression has an incorrect data type"},
		{"list_append on string", base, "SET a = list_append(s, :l)", "!An operand in the update expression has an incorrect data type"},
		{"add to string", base, "ADD s :one", "!An operand in the update expression has an incorrect data type"},
		{"add set to number", base, "ADD n :ss", "!An operand in the update expression has an incorrect data type"},
		{"delete wrong set type", base, "DELETE ss :ns", "!An operand in the update expression has an incorrect data type"},
		{"absent parent", base, "SET x.y = :v", "!The document path provided in the update expression is invalid for update"},
		{"index into map", base, "SET m[0] = :v", "!The document path provided in the update expression is invalid for update"},
		{"key into list", base, "SET l.x = :v", "!The document path provided in the update expression is invalid for update"},
		{"remove under absent", base, "REMOVE x.y", "!The document path provided in the update expression is invalid for update"},
		{"overflow", base, "SET a = :big + :big", "!Number overflow. Attempting to store a number with magnitude larger than supported range"},
		// DynamoDB does not round a result to 38 digits: it fails, with
		// the overflow message even when the magnitude is fine.
		{"inexact sum", base, "SET a = :e50 + :one", "!Number overflow. Attempting to store a number with magnitude larger than supported range"},
		{"inexact difference", base, "SET a = :one - :tiny", "!Number overflow. Attempting to store a number with magnitude larger than supported range"},
		{"inexact add", `{"a":{"N":"1E50"}}`, "ADD a :one", "!Number overflow. Attempting to store a number with magnitude larger than supported range"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			item := mustItem(t, tt.item)
			before := mustJSON(t, item)
			u, err := ParseUpdate(tt.src, names, values)
			if err != nil {
				t.Fatalf("ParseUpdate(%q): %v", tt.src, err)
			}
			got, err := u.Apply(item)
			if mustJSON(t, item) != before {
				t.Errorf("Apply modified its input: %s", mustJSON(t, item))
			}
			if tt.want[0] == '!' {
				var e *Error
				if !errors.As(err, &e) || e.Msg != tt.want[1:] {
					t.Fatalf("Apply(%q) error = %v, want %s", tt.src, err, tt.want[1:])
				}
				return
			}
			if err != nil {
				t.Fatalf("Apply(%q): %v", tt.src, err)
			}
			js := mustJSON(t, got)
			switch {
			case tt.want[0] == '{':
				if js != tt.want {
					t.Errorf("Apply(%q) = %s, want %s", tt.src, js, tt.want)
				}
			case tt.want[0] == '-':
				if _, ok := got[tt.want[1:]]; ok {
					t.Errorf("Apply(%q) kept %s: %s", tt.src, tt.want[1:], js)
				}
			default:
				if !contains1(js, tt.want) {
					t.Errorf("Apply(%q) = %s, want it to contain %s", tt.src, js, tt.want)
				}
			}
		})
	}
}

func contains1(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}

func TestUpdateTargets(t *testing.T) {
	t.Parallel()
	u, err := ParseUpdate("SET b.c = :v, a = :v REMOVE l[1]", nil, mustValues(t, `{":v":{"S":"v"}}`))
	if err != nil {
		t.Fatal(err)
	}
	if got := u.Attributes(); len(got) != 3 || got[0] != "a" || got[1] != "b" || got[2] != "l" {
		t.Errorf("Attributes = %v", got)
	}
	item := mustItem(t, `{"a":{"S":"x"},"b":{"M":{"c":{"S":"y"},"d":{"S":"z"}}},"l":{"L":[{"S":"0"},{"S":"1"}]},"o":{"S":"o"}}`)
	got := mustJSON(t, u.Projection().Apply(item))
	if want := `{"a":{"S":"x"},"b":{"M":{"c":{"S":"y"}}},"l":{"L":[{"S":"1"}]}}`; got != want {
		t.Errorf("Projection().Apply = %s, want %s", got, want)
	}
}

func TestProjectionApply(t *testing.T) {
	t.Parallel()
	item := mustItem(t, evalItem)
	tests := []struct{ src, want string }{
		{"pk", `{"pk":{"S":"user#1"}}`},
		{"pk, age, absent", `{"age":{"N":"36"},"pk":{"S":"user#1"}}`},
		{"#m.inr.deep", `{"map":{"M":{"inr":{"M":{"deep":{"N":"7"}}}}}}`},
		{"#m.s, #m.inr", `{"map":{"M":{"inr":{"M":{"deep":{"N":"7"}}},"s":{"S":"hello"}}}}`},
		{"#l[2].x, #l[0]", `{"list":{"L":[{"S":"a"},{"M":{"x":{"S":"y"}}}]}}`},
		{"#l[9]", `{}`},
		{"#m.nope", `{}`},
		{"age.x, #m[0]", `{}`},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			t.Parallel()
			p, err := ParseProjection(tt.src, Names{"#m": "map", "#l": "list"})
			if err != nil {
				t.Fatal(err)
			}
			if got := mustJSON(t, p.Apply(item)); got != tt.want {
				t.Errorf("Apply(%q) = %s, want %s", tt.src, got, tt.want)
			}
		})
	}
}

func TestKeyConditionMatch(t *testing.T) {
	t.Parallel()
	values := mustValues(t, `{":h":{"S":"p"},":a":{"N":"2"},":b":{"N":"5"},":s":{"S":"ab"},":bin":{"B":"AQ=="}}`)
	tests := []struct {
		src, item string
		want      bool
	}{
		{"pk = :h", `{"pk":{"S":"p"}}`, true},
		{"pk = :h", `{"pk":{"S":"q"}}`, false},
		{"pk = :h AND sk = :a", `{"pk":{"S":"p"},"sk":{"N":"2.0"}}`, true},
		{"pk = :h AND sk < :a", `{"pk":{"S":"p"},"sk":{"N":"-10"}}`, true},
		{"pk = :h AND sk <= :a", `{"pk":{"S":"p"},"sk":{"N":"3"}}`, false},
		{"pk = :h AND sk > :a", `{"pk":{"S":"p"},"sk":{"N":"3"}}`, true},
		{"pk = :h AND sk >= :a", `{"pk":{"S":"p"},"sk":{"N":"1"}}`, false},
		{"pk = :h AND sk BETWEEN :a AND :b", `{"pk":{"S":"p"},"sk":{"N":"5"}}`, true},
		{"pk = :h AND sk BETWEEN :a AND :b", `{"pk":{"S":"p"},"sk":{"N":"6"}}`, false},
		{"pk = :h AND begins_with(sk, :s)", `{"pk":{"S":"p"},"sk":{"S":"abc"}}`, true},
		{"pk = :h AND begins_with(sk, :s)", `{"pk":{"S":"p"},"sk":{"S":"a"}}`, false},
		{"pk = :h AND begins_with(sk, :bin)", `{"pk":{"S":"p"},"sk":{"B":"AQI="}}`, true},
		{"pk = :h AND sk = :a", `{"pk":{"S":"p"}}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.src+" "+tt.item, func(t *testing.T) {
			t.Parallel()
			k, err := ParseKeyCondition(tt.src, nil, values)
			if err != nil {
				t.Fatal(err)
			}
			if got := k.Match(mustItem(t, tt.item)); got != tt.want {
				t.Errorf("Match = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestConditionAttributes(t *testing.T) {
	t.Parallel()
	c, err := ParseCondition("#p = :v AND size(b.c[1]) > :v OR attribute_exists(a) AND #p <> :v", Names{"#p": "pk"}, mustValues(t, `{":v":{"N":"1"}}`))
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Attributes(); len(got) != 3 || got[0] != "a" || got[1] != "b" || got[2] != "pk" {
		t.Errorf("Attributes = %v", got)
	}
}
