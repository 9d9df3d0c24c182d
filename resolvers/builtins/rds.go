package builtins

import (
	"fmt"

	"github.com/appsync-local/appsync-local/resolvers/value"
)

// $util.rds, as documented in "Amazon RDS helpers in $util.rds": the Aurora
// Data API result a relational resolver receives (a JSON string) turned into
// rows.
var rdsTable = &table{methods: map[string]method{
	"toJsonObject": rdsMethod("toJsonObject", func(rows *value.List) any { return rows }),
	"toJsonString": rdsMethod("toJsonString", func(rows *value.List) any { return value.ToJSON(rows) }),
}}

func rdsMethod(name string, out func(*value.List) any) method {
	fn := "$util.rds." + name
	return func(_ *Env, args []any) (any, error) {
		a := dsArgs{fn, args}
		if err := a.count(1, 1); err != nil {
			return nil, err
		}
		rows, err := RDSRows(args[0])
		if err != nil {
			return nil, fmt.Errorf("%s: %w", fn, err)
		}
		return out(rows), nil
	}
}

// RDSRows converts a Data API ExecuteStatement/BatchExecuteStatement result,
// {"sqlStatementResults": [{"columnMetadata": [...], "records": [[field,
// ...], ...], "numberOfRecordsUpdated": n}]}, given as JSON text or already
// parsed, into one list per statement of one map per record. A column's key
// is its label, or its name when it has no label; a field's value is its
// stringValue, longValue, doubleValue, booleanValue, blobValue (base64, as
// is) or arrayValue (a list, nested for arrayValues), and a field with
// isNull is left out of its row. A statement without records (an INSERT,
// UPDATE or DELETE) gives [{}]: that is AWS's answer, recorded in
// localstack/appsync-utils, where the documentation says an empty list.
func RDSRows(result any) (*value.List, error) {
	v := value.From(result)
	if s, ok := v.(string); ok {
		parsed, err := dsParseJSON(s)
		if err != nil {
			return nil, err
		}
		v = parsed
	}
	m, ok := v.(*value.Map)
	if !ok {
		return nil, fmt.Errorf("expected a Data API result object, got %s", value.TypeOf(v))
	}
	out := value.NewList()
	sv, _ := m.Get("sqlStatementResults")
	if sv == nil {
		return out, nil
	}
	statements, ok := sv.(*value.List)
	if !ok {
		return nil, fmt.Errorf("sqlStatementResults: expected a list, got %s", value.TypeOf(sv))
	}
	for i, st := range statements.Items {
		rows, err := rdsStatement(st)
		if err != nil {
			return nil, fmt.Errorf("sqlStatementResults[%d]: %w", i, err)
		}
		out.Items = append(out.Items, rows)
	}
	return out, nil
}

func rdsStatement(st any) (*value.List, error) {
	m, ok := st.(*value.Map)
	if !ok {
		return nil, fmt.Errorf("expected an object, got %s", value.TypeOf(st))
	}
	rv, ok := m.Get("records")
	if !ok || rv == nil {
		return value.NewList(value.NewMap()), nil
	}
	records, ok := rv.(*value.List)
	if !ok {
		return nil, fmt.Errorf("records: expected a list, got %s", value.TypeOf(rv))
	}
	var columns []string
	if cv, _ := m.Get("columnMetadata"); cv != nil {
		cl, ok := cv.(*value.List)
		if !ok {
			return nil, fmt.Errorf("columnMetadata: expected a list, got %s", value.TypeOf(cv))
		}
		for j, c := range cl.Items {
			cm, ok := c.(*value.Map)
			if !ok {
				return nil, fmt.Errorf("columnMetadata[%d]: expected an object, got %s", j, value.TypeOf(c))
			}
			name, ok := cm.Get("label")
			if !ok || name == nil {
				name, _ = cm.Get("name")
			}
			s, ok := name.(string)
			if !ok {
				return nil, fmt.Errorf("columnMetadata[%d]: no label or name", j)
			}
			columns = append(columns, s)
		}
	}
	rows := value.NewList()
	for i, r := range records.Items {
		fields, ok := r.(*value.List)
		if !ok {
			return nil, fmt.Errorf("records[%d]: expected a list, got %s", i, value.TypeOf(r))
		}
		if len(fields.Items) > len(columns) {
			return nil, fmt.Errorf("records[%d]: %d fields but %d columns in columnMetadata", i, len(fields.Items), len(columns))
		}
		row := value.NewMap()
		for j, f := range fields.Items {
			v, present, err := rdsField(f)
			if err != nil {
				return nil, fmt.Errorf("records[%d][%d]: %w", i, j, err)
			}
			if present {
				row.Put(columns[j], v)
			}
		}
		rows.Items = append(rows.Items, row)
	}
	return rows, nil
}

// rdsField returns a Data API Field's value; present is false for isNull.
func rdsField(f any) (v any, present bool, err error) {
	m, ok := f.(*value.Map)
	if !ok {
		return nil, false, fmt.Errorf("expected a field object, got %s", value.TypeOf(f))
	}
	if n, _ := m.Get("isNull"); n == true {
		return nil, false, nil
	}
	if v, ok := m.Get("longValue"); ok {
		if d, ok := v.(float64); ok {
			v = int64(d)
		}
		return v, true, nil
	}
	if v, ok := m.Get("doubleValue"); ok {
		if n, ok := v.(int64); ok {
			v = float64(n) // a Java Double: 12 is 12.0
		}
		return v, true, nil
	}
	for _, k := range []string{"stringValue", "booleanValue", "blobValue"} {
		if v, ok := m.Get(k); ok {
			return v, true, nil
		}
	}
	if av, ok := m.Get("arrayValue"); ok {
		v, err := rdsArray(av)
		return v, err == nil, err
	}
	// Some other member: take its value, as AWS does for the ones above.
	for _, k := range m.Keys() {
		if k != "isNull" {
			v, _ := m.Get(k)
			return v, true, nil
		}
	}
	return nil, false, nil
}

// rdsArray converts an ArrayValue: {"stringValues": [...]} (or longValues,
// doubleValues, booleanValues) is that list, {"arrayValues": [...]} a list of
// converted arrays.
func rdsArray(av any) (any, error) {
	m, ok := av.(*value.Map)
	if !ok {
		return nil, fmt.Errorf("arrayValue: expected an object, got %s", value.TypeOf(av))
	}
	if nested, ok := m.Get("arrayValues"); ok {
		l, ok := nested.(*value.List)
		if !ok {
			return nil, fmt.Errorf("arrayValues: expected a list, got %s", value.TypeOf(nested))
		}
		out := value.NewList()
		for _, e := range l.Items {
			v, err := rdsArray(e)
			if err != nil {
				return nil, err
			}
			out.Items = append(out.Items, v)
		}
		return out, nil
	}
	for _, k := range m.Keys() {
		v, _ := m.Get(k)
		if l, ok := v.(*value.List); ok {
			l = value.NewList(append([]any(nil), l.Items...)...)
			if k == "doubleValues" {
				for i, e := range l.Items {
					if n, ok := e.(int64); ok {
						l.Items[i] = float64(n)
					}
				}
			}
			return l, nil
		}
	}
	return value.NewList(), nil
}
