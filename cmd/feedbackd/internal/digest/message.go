package digest

import (
	"encoding/json"
	"strings"
)

// Message is a digest ready to deliver: its content rendered in every
// format.
type Message struct {
	Content Content
	Rendered
	// Skip says why nothing should be sent ("" to send): too little data
	// with on_little_data: skip.
	Skip string
}

// JSONBody is the generic webhook body (docs/digests.md shows one): the
// content as data, and the Markdown and plain text renderings.
func (m *Message) JSONBody() ([]byte, error) {
	return json.Marshal(struct {
		Digest   string  `json:"digest"`
		Subject  string  `json:"subject"`
		Period   Period  `json:"period"`
		Markdown string  `json:"markdown"`
		Text     string  `json:"text"`
		Content  Content `json:"content"`
	}{m.Content.Digest, m.Subject, m.Content.Period, m.Markdown, m.Text, m.Content})
}

// Slack limits: a section's text, and blocks per message.
const (
	slackSectionMax = 3000
	slackBlocksMax  = 50
)

// SlackBody is a Slack incoming-webhook body: the subject as the
// notification text and the mrkdwn rendering in section blocks, split at
// blank lines to fit Slack's limits.
func (m *Message) SlackBody() ([]byte, error) {
	type text struct {
		Type string `json:"type"`
		Text string `json:"text"`
	}
	type block struct {
		Type string `json:"type"`
		Text text   `json:"text"`
	}
	var blocks []block
	for _, chunk := range splitSlack(m.Slack) {
		if len(blocks) == slackBlocksMax {
			blocks[len(blocks)-1].Text.Text += "\n…"
			break
		}
		blocks = append(blocks, block{Type: "section", Text: text{Type: "mrkdwn", Text: chunk}})
	}
	return json.Marshal(struct {
		Text   string  `json:"text"`
		Blocks []block `json:"blocks"`
	}{escapeSlack(m.Subject), blocks})
}

// splitSlack cuts mrkdwn into pieces of at most slackSectionMax bytes,
// at paragraph breaks when it can, else at line breaks, else anywhere
// outside a UTF-8 sequence.
func splitSlack(s string) []string {
	s = strings.TrimSpace(s)
	var out []string
	for len(s) > slackSectionMax {
		cut := strings.LastIndex(s[:slackSectionMax], "\n\n")
		if cut <= 0 {
			cut = strings.LastIndexByte(s[:slackSectionMax], '\n')
		}
		if cut <= 0 {
			cut = slackSectionMax
			for cut > 0 && s[cut]&0xC0 == 0x80 {
				cut--
			}
		}
		out = append(out, strings.TrimSpace(s[:cut]))
		s = strings.TrimSpace(s[cut:])
	}
	if s != "" {
		out = append(out, s)
	}
	return out
}
