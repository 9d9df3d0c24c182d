package expr

import (
	"slices"
	"strings"

	"github.com/appsync-local/appsync-local/dynamostore/attr"
)

// Projection is a parsed ProjectionExpression: the document paths to
// return.
type Projection struct {
	usage
	nodes []*PathNode
	paths []Path
}

// ParseProjection parses a ProjectionExpression. Errors are *Error
// ("Invalid ProjectionExpression: ..."): syntax, reserved words, undefined
// names, overlapping and conflicting paths.
func ParseProjection(s string, names Names) (pr *Projection, err error) {
	if err := checkLength(KindProjection, s); err != nil {
		return nil, err
	}
	p := newParser(KindProjection, s, langProjection)
	defer p.recover(&err)
	pr = &Projection{}
	for {
		pr.nodes = append(pr.nodes, p.parsePath())
		if p.peek().typ != itemComma {
			break
		}
		p.next()
	}
	if p.peek().typ != itemEOF {
		p.unexpected()
	}
	root := &listNode{}
	for _, n := range pr.nodes {
		root.items = append(root.items, n)
	}
	ck := &checker{kind: KindProjection, names: names}
	ck.checkReserved(root)
	if msg := ck.firstUndefined(root, true, false); msg != "" {
		ck.fail("%s", msg)
	}
	for _, n := range pr.nodes {
		path, _ := ck.pathOf(n)
		pr.paths = append(pr.paths, path)
	}
	checkPathSet(ck, pr.paths)
	ck.resolve(root)
	pr.collect(root)
	return pr, nil
}

// NestedAttributes returns the top-level attributes the projection reaches
// into (a.b, a[0]), sorted; a nil projection into none.
func (p *Projection) NestedAttributes() []string {
	if p == nil {
		return nil
	}
	var out []string
	for _, path := range p.paths {
		if len(path) > 1 {
			out = append(out, path[0].Name)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// NewProjection returns a projection of the given paths (AttributesToGet,
// index projections). It does not check for overlaps.
func NewProjection(paths ...Path) *Projection { return &Projection{paths: paths} }

// String prints the projection back as source.
func (p *Projection) String() string {
	parts := make([]string, len(p.paths))
	for i, path := range p.paths {
		if i < len(p.nodes) {
			parts[i] = p.nodes[i].String()
			continue
		}
		parts[i] = pathSource(path)
	}
	return strings.Join(parts, ", ")
}

func pathSource(p Path) string {
	var sb strings.Builder
	for i, e := range p {
		switch {
		case e.IsIndex:
			sb.WriteString("[" + itoa(e.Index) + "]")
			continue
		case i > 0:
			sb.WriteByte('.')
		}
		sb.WriteString(e.Name)
	}
	return sb.String()
}

// Paths returns the projected document paths.
func (p *Projection) Paths() []Path { return slices.Clone(p.paths) }

// Attributes returns the projected top-level attribute names, sorted.
func (p *Projection) Attributes() []string {
	var out []string
	for _, path := range p.paths {
		out = append(out, path[0].Name)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Apply returns a new item holding only the projected paths of item.
// Missing paths are left out; nested maps keep only projected keys; list
// elements projected by index are returned in index order, without gaps.
func (p *Projection) Apply(item attr.Item) attr.Item {
	if item == nil {
		return nil
	}
	out := attr.Item{}
	groups := map[string][]Path{}
	var order []string
	for _, path := range p.paths {
		name := path[0].Name
		if _, ok := groups[name]; !ok {
			order = append(order, name)
		}
		groups[name] = append(groups[name], path[1:])
	}
	for _, name := range order {
		v, ok := item[name]
		if !ok {
			continue
		}
		if pv, ok := project(v, groups[name]); ok {
			out[name] = pv
		}
	}
	return out
}

// project keeps the parts of v the (relative) paths select.
func project(v attr.Value, paths []Path) (attr.Value, bool) {
	for _, p := range paths {
		if len(p) == 0 {
			return v, true
		}
	}
	switch v.Kind() {
	case attr.KindM:
		m := v.Map()
		groups := map[string][]Path{}
		for _, p := range paths {
			if !p[0].IsIndex {
				groups[p[0].Name] = append(groups[p[0].Name], p[1:])
			}
		}
		out := map[string]attr.Value{}
		for name, sub := range groups {
			if child, ok := m[name]; ok {
				if pv, ok := project(child, sub); ok {
					out[name] = pv
				}
			}
		}
		if len(out) == 0 {
			return attr.Value{}, false
		}
		return attr.M(out), true
	case attr.KindL:
		l := v.List()
		groups := map[int][]Path{}
		var idx []int
		for _, p := range paths {
			if p[0].IsIndex {
				if _, ok := groups[p[0].Index]; !ok {
					idx = append(idx, p[0].Index)
				}
				groups[p[0].Index] = append(groups[p[0].Index], p[1:])
			}
		}
		slices.Sort(idx)
		var out []attr.Value
		for _, i := range idx {
			if i < len(l) {
				if pv, ok := project(l[i], groups[i]); ok {
					out = append(out, pv)
				}
			}
		}
		if len(out) == 0 {
			return attr.Value{}, false
		}
		return attr.L(out), true
	}
	return attr.Value{}, false
}
