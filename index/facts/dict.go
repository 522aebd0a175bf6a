package facts

import "strings"

// Dict numbers the distinct values of a column: sources, touchpoint ids,
// or the values of one metadata field.
type Dict struct {
	Names []string
	// Parent[i] is the index of Names[i]'s parent touchpoint ("billing"
	// for "billing/refunds"), or -1. Only AddPath fills it.
	Parent []int32
	index  map[string]uint32
}

func (d *Dict) init() {
	d.index = make(map[string]uint32, len(d.Names))
	for i, n := range d.Names {
		d.index[n] = uint32(i)
	}
	for len(d.Parent) < len(d.Names) {
		d.Parent = append(d.Parent, -1)
	}
}

// Len returns the number of values.
func (d *Dict) Len() int { return len(d.Names) }

// Lookup returns the index of name.
func (d *Dict) Lookup(name string) (uint32, bool) {
	i, ok := d.index[name]
	return i, ok
}

// Add returns the index of name, adding it when new.
func (d *Dict) Add(name string) uint32 {
	if i, ok := d.index[name]; ok {
		return i
	}
	i := uint32(len(d.Names))
	d.Names = append(d.Names, name)
	d.Parent = append(d.Parent, -1)
	d.index[name] = i
	return i
}

// AddPath adds a slash-separated touchpoint id and each of its ancestors,
// linking every one to its parent, and returns the index of path.
func (d *Dict) AddPath(path string) uint32 {
	path = strings.Trim(path, "/")
	if i, ok := d.index[path]; ok {
		return i
	}
	parent := int32(-1)
	if cut := strings.LastIndexByte(path, '/'); cut > 0 {
		parent = int32(d.AddPath(path[:cut]))
	}
	i := d.Add(path)
	d.Parent[i] = parent
	return i
}

// Ancestors calls fn with i and then each of its ancestors, nearest first.
func (d *Dict) Ancestors(i uint32, fn func(uint32)) {
	for j := int32(i); j >= 0; j = d.Parent[j] {
		fn(uint32(j))
	}
}
