package facts

// minGarbage is the garbage a buffer may hold before it is compacted.
const minGarbage = 1 << 16

// garbage reports whether retagged rows left enough unreferenced entries
// in MentionBuf or TermBuf to compact them.
func (c *columns) garbage() bool {
	return len(c.MentionBuf) > 2*c.liveMentions+minGarbage || len(c.TermBuf) > 2*c.liveTerms+minGarbage
}

// compact copies the referenced ranges of MentionBuf and TermBuf into new
// buffers.
func (c *columns) compact() {
	mentions := make([]Mention, 0, c.liveMentions)
	terms := make([]uint32, 0, c.liveTerms)
	for r := range c.IDs.Len() {
		off := c.MentionOff[r]
		c.MentionOff[r] = uint32(len(mentions))
		mentions = append(mentions, c.MentionBuf[off:off+uint32(c.MentionLen[r])+uint32(c.AncLen[r])]...)
		off = c.TermOff[r]
		c.TermOff[r] = uint32(len(terms))
		terms = append(terms, c.TermBuf[off:off+uint32(c.TermLen[r])]...)
	}
	c.MentionBuf, c.TermBuf = mentions, terms
}
