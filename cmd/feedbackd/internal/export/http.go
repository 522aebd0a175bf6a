package export

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/rs/zerolog"

	"github.com/feedbackd/feedbackd/index"
)

// HTTP headers of an export reply.
const (
	// HeaderNextCursor carries the cursor for the next incremental
	// export. It is sent before the body; use it only if the body arrived
	// whole (HeaderComplete is "true" in the trailer).
	HeaderNextCursor = "X-Feedbackd-Next-Cursor"
	// HeaderSchema carries SchemaVersion.
	HeaderSchema = "X-Feedbackd-Export-Schema"
	// HeaderRows and HeaderComplete are trailers: the rows written, and
	// "true" once the export finished without error.
	HeaderRows     = "X-Feedbackd-Export-Rows"
	HeaderComplete = "X-Feedbackd-Export-Complete"
)

// Handler serves GET /api/v1/export with the parameters of ParseRequest,
// streaming the file as it is produced. Authentication is the caller's.
func Handler(x *Exporter, logger zerolog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		req, err := ParseRequest(r.URL.Query())
		if err != nil {
			httpError(w, http.StatusBadRequest, err.Error())
			return
		}
		job, err := x.Prepare(r.Context(), req)
		var qe *index.QueryError
		switch {
		case errors.As(err, &qe):
			httpError(w, http.StatusBadRequest, err.Error())
			return
		case errors.Is(err, ErrNoIndex):
			httpError(w, http.StatusServiceUnavailable, err.Error())
			return
		case err != nil:
			logger.Error().Err(err).Msg("export: prepare")
			httpError(w, http.StatusInternalServerError, err.Error())
			return
		}
		h := w.Header()
		h.Set("Content-Type", req.Format.ContentType())
		h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="feedbackd-%s.%s"`, req.Shape, req.Format.Ext()))
		h.Set(HeaderNextCursor, job.Next.String())
		h.Set(HeaderSchema, SchemaVersion)
		h.Set("Trailer", HeaderRows+", "+HeaderComplete)
		h.Set("Cache-Control", "no-store")
		st, err := job.WriteTo(r.Context(), w)
		h.Set(HeaderRows, strconv.Itoa(st.Rows))
		if err != nil {
			if r.Context().Err() == nil {
				logger.Error().Err(err).Int("rows", st.Rows).Msg("export failed midway")
			}
			h.Set(HeaderComplete, "false")
			return
		}
		h.Set(HeaderComplete, "true")
		logger.Info().Str("format", string(req.Format)).Str("shape", string(req.Shape)).
			Int("comments", st.Comments).Int("rows", st.Rows).Str("next_cursor", job.Next.String()).Msg("export served")
	})
}

func httpError(w http.ResponseWriter, code int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	fmt.Fprintf(w, "{\"error\":%s}\n", appendJSONString(nil, msg))
}
