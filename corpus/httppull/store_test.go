package httppull

import "github.com/feedbackd/feedbackd/corpus/rawstore"

// The raw store is where the daemon reads cursors back from.
var _ Checkpoints = (*rawstore.Store)(nil)
