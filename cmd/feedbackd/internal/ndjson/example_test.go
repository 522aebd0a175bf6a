package ndjson_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/feedbackd/feedbackd/cmd/feedbackd/internal/ndjson"
)

func ExampleRun() {
	in := strings.NewReader("{\"n\": 1}\n\n{\"n\": 2}\nnot json\n")
	upper := func(l ndjson.Line) ([]byte, bool) {
		if !bytes.HasPrefix(l.Data, []byte("{")) {
			return []byte(fmt.Sprintf(`{"line": %d, "error": "not an object"}`, l.N)), false
		}
		return bytes.ToUpper(l.Data), true
	}
	st, err := ndjson.Run(context.Background(), in, os.Stdout, ndjson.Options{Workers: 4}, upper)
	fmt.Println(st.Lines, st.Failed, err)
	// Output:
	// {"N": 1}
	// {"N": 2}
	// {"line": 4, "error": "not an object"}
	// 3 1 <nil>
}
