package postgres

import (
	"database/sql/driver"
	"encoding/base64"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// The Data API's ExecuteStatement result, as AppSync passes it on
// ($ctx.result is this object as a JSON string).
type dataAPIResult struct {
	SQLStatementResults []statementResult `json:"sqlStatementResults"`
}

type statementResult struct {
	NumberOfRecordsUpdated int64            `json:"numberOfRecordsUpdated"`
	Records                *[][]field       `json:"records,omitempty"` // nil: the statement returns no rows
	ColumnMetadata         []columnMetadata `json:"columnMetadata,omitempty"`
}

// field is a Data API Field: exactly one member is set.
type field struct {
	IsNull       *bool       `json:"isNull,omitempty"`
	StringValue  *string     `json:"stringValue,omitempty"`
	LongValue    *int64      `json:"longValue,omitempty"`
	DoubleValue  *float64    `json:"doubleValue,omitempty"`
	BooleanValue *bool       `json:"booleanValue,omitempty"`
	BlobValue    *string     `json:"blobValue,omitempty"`
	ArrayValue   *arrayValue `json:"arrayValue,omitempty"`
}

// arrayValue is a Data API ArrayValue: one list is set.
type arrayValue struct {
	LongValues    []*int64     `json:"longValues,omitempty"`
	DoubleValues  []*float64   `json:"doubleValues,omitempty"`
	BooleanValues []*bool      `json:"booleanValues,omitempty"`
	StringValues  []*string    `json:"stringValues,omitempty"`
	ArrayValues   []arrayValue `json:"arrayValues,omitempty"`
}

// columnMetadata is the Data API's ColumnMetadata, which it fills from the
// PostgreSQL JDBC driver's ResultSetMetaData.
type columnMetadata struct {
	Name                string `json:"name"`
	Label               string `json:"label"`
	TypeName            string `json:"typeName"`
	Type                int    `json:"type"`
	IsSigned            bool   `json:"isSigned"`
	Nullable            int    `json:"nullable"`
	Precision           int    `json:"precision"`
	Scale               int    `json:"scale"`
	SchemaName          string `json:"schemaName"`
	TableName           string `json:"tableName"`
	ArrayBaseColumnType int    `json:"arrayBaseColumnType"`
	IsAutoIncrement     bool   `json:"isAutoIncrement"`
	IsCaseSensitive     bool   `json:"isCaseSensitive"`
	IsCurrency          bool   `json:"isCurrency"`
}

// java.sql.Types codes, as the JDBC driver reports them.
const (
	jdbcBit       = -7
	jdbcSmallint  = 5
	jdbcInteger   = 4
	jdbcBigint    = -5
	jdbcReal      = 7
	jdbcDouble    = 8
	jdbcNumeric   = 2
	jdbcChar      = 1
	jdbcVarchar   = 12
	jdbcDate      = 91
	jdbcTime      = 92
	jdbcTimestamp = 93
	jdbcBinary    = -2
	jdbcOther     = 1111
	jdbcArray     = 2003
)

// unknownLength is the JDBC driver's precision of unbounded types.
const unknownLength = math.MaxInt32

// pgType is what the mapping needs to know about a column type.
type pgType struct {
	jdbc      int
	precision int // -1: from the type modifier (varchar, bpchar, numeric)
	scale     int
	signed    bool
	caseSens  bool
	kind      kind
}

// kind is how a value of the type becomes a Field.
type kind int

const (
	kindString kind = iota
	kindLong
	kindDouble
	kindBool
	kindBlob
	kindNumeric
	kindDate
	kindTime
	kindTimeTZ
	kindTimestamp
	kindTimestampTZ
)

// pgTypes maps lib/pq's type names (upper case, from the column's type OID)
// to the JDBC driver's metadata for it.
var pgTypes = map[string]pgType{
	"BOOL":        {jdbcBit, 1, 0, false, false, kindBool},
	"INT2":        {jdbcSmallint, 5, 0, true, false, kindLong},
	"INT4":        {jdbcInteger, 10, 0, true, false, kindLong},
	"INT8":        {jdbcBigint, 19, 0, true, false, kindLong},
	"OID":         {jdbcBigint, 10, 0, false, false, kindLong},
	"FLOAT4":      {jdbcReal, 8, 8, true, false, kindDouble},
	"FLOAT8":      {jdbcDouble, 17, 17, true, false, kindDouble},
	"NUMERIC":     {jdbcNumeric, -1, 0, true, false, kindNumeric},
	"MONEY":       {jdbcDouble, unknownLength, 0, true, true, kindString},
	"CHAR":        {jdbcChar, 1, 0, false, true, kindString},
	"BPCHAR":      {jdbcChar, -1, 0, false, true, kindString},
	"VARCHAR":     {jdbcVarchar, -1, 0, false, true, kindString},
	"TEXT":        {jdbcVarchar, unknownLength, 0, false, true, kindString},
	"NAME":        {jdbcVarchar, unknownLength, 0, false, true, kindString},
	"BYTEA":       {jdbcBinary, unknownLength, 0, false, true, kindBlob},
	"DATE":        {jdbcDate, 13, 0, false, false, kindDate},
	"TIME":        {jdbcTime, 15, 6, false, false, kindTime},
	"TIMETZ":      {jdbcTime, 21, 6, false, false, kindTimeTZ},
	"TIMESTAMP":   {jdbcTimestamp, 29, 6, false, false, kindTimestamp},
	"TIMESTAMPTZ": {jdbcTimestamp, 35, 6, false, false, kindTimestampTZ},
	"INTERVAL":    {jdbcOther, 49, 6, false, false, kindString},
	"UUID":        {jdbcOther, unknownLength, 0, false, true, kindString},
	"JSON":        {jdbcOther, unknownLength, 0, false, true, kindString},
	"JSONB":       {jdbcOther, unknownLength, 0, false, true, kindString},
}

// column is one result column: its metadata and how to convert its values.
type column struct {
	meta  columnMetadata
	kind  kind
	array bool // values are Postgres array literals of elem kind
}

// columnInfo is what the lib/pq driver tells about a result column.
type columnInfo interface {
	driver.Rows
	driver.RowsColumnTypeDatabaseTypeName
	driver.RowsColumnTypeLength
	driver.RowsColumnTypePrecisionScale
}

// columns describes the columns of rows.
func columns(rows driver.Rows) []column {
	names := rows.Columns()
	info, _ := rows.(columnInfo)
	out := make([]column, len(names))
	for i, name := range names {
		typeName := ""
		if info != nil {
			typeName = info.ColumnTypeDatabaseTypeName(i)
		}
		base, array := typeName, false
		if strings.HasPrefix(typeName, "_") {
			base, array = typeName[1:], true
		}
		t, known := pgTypes[base]
		if !known {
			t = pgType{jdbc: jdbcOther, precision: unknownLength, caseSens: true, kind: kindString}
		}
		m := columnMetadata{
			Name:            name,
			Label:           name,
			TypeName:        strings.ToLower(typeName),
			Type:            t.jdbc,
			IsSigned:        t.signed,
			Nullable:        1, // columnNullable: lib/pq does not expose the column's table
			Precision:       t.precision,
			Scale:           t.scale,
			IsCaseSensitive: t.caseSens,
			IsCurrency:      base == "MONEY",
		}
		if typeName == "" {
			m.TypeName = "unknown"
		}
		if t.precision == -1 {
			m.Precision = unknownLength
			if info != nil {
				if base == "NUMERIC" {
					if p, s, ok := info.ColumnTypePrecisionScale(i); ok && p > 0 && p < 0xffff {
						m.Precision, m.Scale = int(p), int(s)
					} else {
						m.Precision = 0
					}
				} else if l, ok := info.ColumnTypeLength(i); ok && l >= 0 && l < unknownLength {
					m.Precision = int(l)
				}
			}
		}
		if array {
			m.ArrayBaseColumnType = t.jdbc
			m.Type = jdbcArray
		}
		out[i] = column{meta: m, kind: t.kind, array: array}
	}
	return out
}

// toField converts one value as lib/pq decoded it into a Data API Field.
func (c column) toField(v driver.Value) (field, error) {
	if v == nil {
		t := true
		return field{IsNull: &t}, nil
	}
	if c.array {
		text, ok := v.([]byte)
		if !ok {
			return field{}, fmt.Errorf("column %s: array value of type %T", c.meta.Label, v)
		}
		a, err := parseArray(string(text), c.kind)
		if err != nil {
			return field{}, fmt.Errorf("column %s: %w", c.meta.Label, err)
		}
		return field{ArrayValue: a}, nil
	}
	switch x := v.(type) {
	case int64:
		if c.kind == kindDouble {
			f := float64(x)
			return field{DoubleValue: &f}, nil
		}
		return field{LongValue: &x}, nil
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			s := strconv.FormatFloat(x, 'g', -1, 64) // JSON has no NaN: "NaN", "+Inf"
			return field{StringValue: &s}, nil
		}
		return field{DoubleValue: &x}, nil
	case bool:
		return field{BooleanValue: &x}, nil
	case string:
		return field{StringValue: &x}, nil
	case time.Time:
		s := formatTime(x, c.kind)
		return field{StringValue: &s}, nil
	case []byte:
		if c.kind == kindBlob {
			s := base64.StdEncoding.EncodeToString(x)
			return field{BlobValue: &s}, nil
		}
		s := string(x)
		return field{StringValue: &s}, nil
	default:
		s := fmt.Sprint(x)
		return field{StringValue: &s}, nil
	}
}

// formatTime writes dates and times as the Data API does: "2024-01-02",
// "03:04:05.123", "2024-01-02 03:04:05.123"; fractions of a second keep
// their significant digits only, and timestamptz values are in UTC.
func formatTime(t time.Time, k kind) string {
	switch k {
	case kindDate:
		return t.Format("2006-01-02")
	case kindTime:
		return t.Format("15:04:05.999999")
	case kindTimeTZ:
		return t.Format("15:04:05.999999-07:00")
	case kindTimestampTZ:
		return t.UTC().Format("2006-01-02 15:04:05.999999")
	default:
		return t.Format("2006-01-02 15:04:05.999999")
	}
}

// parseArray parses a Postgres array literal ({1,2,NULL}, {{"a b",c}},
// {"x\"y"}) into an ArrayValue whose lists hold elements of kind k.
func parseArray(text string, k kind) (*arrayValue, error) {
	p := &arrayParser{s: text}
	// Arrays with explicit bounds start with [1:2]={...}.
	if strings.HasPrefix(text, "[") {
		if i := strings.Index(text, "="); i >= 0 {
			p.i = i + 1
		}
	}
	a, err := p.array(k)
	if err == nil && p.i != len(p.s) {
		err = fmt.Errorf("unexpected %q after the array", p.s[p.i:])
	}
	if err != nil {
		return nil, fmt.Errorf("parse array %q: %w", text, err)
	}
	return a, nil
}

type arrayParser struct {
	s string
	i int
}

func (p *arrayParser) array(k kind) (*arrayValue, error) {
	if p.i >= len(p.s) || p.s[p.i] != '{' {
		return nil, fmt.Errorf("expected { at %d", p.i)
	}
	p.i++
	a := &arrayValue{}
	if p.i < len(p.s) && p.s[p.i] == '}' {
		p.i++
		return a, nil // {}: no list, as for an empty array
	}
	for {
		if p.i >= len(p.s) {
			return nil, fmt.Errorf("unterminated array")
		}
		if p.s[p.i] == '{' {
			sub, err := p.array(k)
			if err != nil {
				return nil, err
			}
			a.ArrayValues = append(a.ArrayValues, *sub)
		} else {
			elem, null, err := p.element()
			if err != nil {
				return nil, err
			}
			if err := a.add(elem, null, k); err != nil {
				return nil, err
			}
		}
		if p.i >= len(p.s) {
			return nil, fmt.Errorf("unterminated array")
		}
		switch p.s[p.i] {
		case ',':
			p.i++
		case '}':
			p.i++
			a.finite()
			return a, nil
		default:
			return nil, fmt.Errorf("unexpected %q at %d", p.s[p.i], p.i)
		}
	}
}

// element reads one (possibly quoted) element; null reports an unquoted NULL.
func (p *arrayParser) element() (s string, null bool, err error) {
	if p.s[p.i] == '"' {
		var b strings.Builder
		p.i++
		for p.i < len(p.s) {
			c := p.s[p.i]
			switch c {
			case '\\':
				if p.i+1 < len(p.s) {
					b.WriteByte(p.s[p.i+1])
				}
				p.i += 2
			case '"':
				p.i++
				return b.String(), false, nil
			default:
				b.WriteByte(c)
				p.i++
			}
		}
		return "", false, fmt.Errorf("unterminated quoted element")
	}
	start := p.i
	for p.i < len(p.s) && p.s[p.i] != ',' && p.s[p.i] != '}' {
		p.i++
	}
	s = strings.TrimSpace(p.s[start:p.i])
	return s, strings.EqualFold(s, "NULL"), nil
}

// finite turns a list of doubles holding NaN or an infinity, which JSON
// cannot carry, into strings ("NaN", "+Inf"), as single values are.
func (a *arrayValue) finite() {
	for _, f := range a.DoubleValues {
		if f != nil && (math.IsNaN(*f) || math.IsInf(*f, 0)) {
			for _, d := range a.DoubleValues {
				if d == nil {
					a.StringValues = append(a.StringValues, nil)
					continue
				}
				s := strconv.FormatFloat(*d, 'g', -1, 64)
				a.StringValues = append(a.StringValues, &s)
			}
			a.DoubleValues = nil
			return
		}
	}
}

func (a *arrayValue) add(s string, null bool, k kind) error {
	switch k {
	case kindLong:
		if null {
			a.LongValues = append(a.LongValues, nil)
			return nil
		}
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return err
		}
		a.LongValues = append(a.LongValues, &n)
	case kindDouble:
		if null {
			a.DoubleValues = append(a.DoubleValues, nil)
			return nil
		}
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return err
		}
		a.DoubleValues = append(a.DoubleValues, &f)
	case kindBool:
		if null {
			a.BooleanValues = append(a.BooleanValues, nil)
			return nil
		}
		b := s == "t" || s == "true"
		a.BooleanValues = append(a.BooleanValues, &b)
	default:
		if null {
			a.StringValues = append(a.StringValues, nil)
			return nil
		}
		if k == kindTimestampTZ {
			if t, err := time.Parse("2006-01-02 15:04:05.999999-07", s); err == nil {
				s = formatTime(t, k)
			} else if t, err := time.Parse("2006-01-02 15:04:05.999999-07:00", s); err == nil {
				s = formatTime(t, k)
			}
		}
		a.StringValues = append(a.StringValues, &s)
	}
	return nil
}
