package digest

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/feedbackd/feedbackd/cmd/feedbackd/internal/export"
)

// File writes each digest as NAME-PERIOD.md and NAME-PERIOD.html into a
// folder, atomically (temporary file, fsync, rename): a reader never sees
// half a digest, and writing again replaces both files whole.
type File struct {
	name, folder string
}

// NewFile returns a file channel named name writing into folder.
func NewFile(name, folder string) *File { return &File{name: name, folder: folder} }

// Name implements Channel.
func (f *File) Name() string { return f.name }

// Paths returns the files a message goes to.
func (f *File) Paths(m *Message) (md, html string) {
	base := filepath.Join(f.folder, m.Content.Digest+"-"+m.Content.Period.Key())
	return base + ".md", base + ".html"
}

// Send implements Channel.
func (f *File) Send(ctx context.Context, m *Message) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := os.MkdirAll(f.folder, 0o755); err != nil {
		return fmt.Errorf("digest folder: %w", err)
	}
	md, html := f.Paths(m)
	for _, f := range []struct{ path, body string }{{md, m.Markdown}, {html, m.HTML}} {
		if err := export.WriteFile(f.path, func(w io.Writer) error {
			_, err := io.WriteString(w, f.body)
			return err
		}); err != nil {
			return err
		}
	}
	return nil
}
