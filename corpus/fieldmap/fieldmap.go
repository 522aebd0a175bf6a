// Package fieldmap maps the fields of one input record (a CSV row, a JSON
// item) to the comment model. It holds what every source that reads
// records shares: timestamp formats and time zones, dot-separated JSON
// paths, whole-number scores, and the Fields mapping and Mapper that the
// webhook and http pull sources use for JSON items. The folder source maps
// CSV columns with its own mapper built on the same pieces.
package fieldmap

// WarningMeta is the metadata key under which a comment carries a note
// about a repair made while mapping it, such as invalid UTF-8 replaced.
const WarningMeta = "_warning"
