package export

import (
	"fmt"
	"io"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress/zstd"
)

// rowGroupRows bounds a Parquet row group, and so the memory a writer
// holds: a row group is buffered until it is complete.
const rowGroupRows = 64 * 1024

// parquetBatch is how many records are handed to parquet-go at a time.
const parquetBatch = 1024

// wideRecord is a Parquet row of the wide shape. Nullable columns are
// pointers (OPTIONAL); lists are LIST columns of strings.
type wideRecord struct {
	Seq            int64      `parquet:"seq"`
	ID             string     `parquet:"id"`
	Source         string     `parquet:"source,dict"`
	Audience       string     `parquet:"audience,dict"`
	CreatedAt      time.Time  `parquet:"created_at,timestamp(microsecond)"`
	ReceivedAt     time.Time  `parquet:"received_at,timestamp(microsecond)"`
	Text           string     `parquet:"text"`
	Fields         string     `parquet:"fields"`
	Sentiment      *string    `parquet:"sentiment,optional,dict"`
	SentimentScore *float64   `parquet:"sentiment_score,optional"`
	NPS            *int32     `parquet:"nps,optional"`
	CSAT           *int32     `parquet:"csat,optional"`
	CES            *int32     `parquet:"ces,optional"`
	Meta           string     `parquet:"meta"`
	Touchpoints    []string   `parquet:"touchpoints,list"`
	Untagged       bool       `parquet:"untagged"`
	TaxonomyVer    string     `parquet:"taxonomy_version,dict"`
	LexiconVer     string     `parquet:"lexicon_version,dict"`
	TaggedAt       *time.Time `parquet:"tagged_at,optional,timestamp(microsecond)"`
	Redacted       []string   `parquet:"redacted,list"`
}

// longRecord is a Parquet row of the long shape.
type longRecord struct {
	Seq             int64     `parquet:"seq"`
	ID              string    `parquet:"id"`
	Source          string    `parquet:"source,dict"`
	Audience        string    `parquet:"audience,dict"`
	CreatedAt       time.Time `parquet:"created_at,timestamp(microsecond)"`
	ReceivedAt      time.Time `parquet:"received_at,timestamp(microsecond)"`
	Sentiment       *string   `parquet:"sentiment,optional,dict"`
	SentimentScore  *float64  `parquet:"sentiment_score,optional"`
	NPS             *int32    `parquet:"nps,optional"`
	CSAT            *int32    `parquet:"csat,optional"`
	CES             *int32    `parquet:"ces,optional"`
	Meta            string    `parquet:"meta"`
	Touchpoint      string    `parquet:"touchpoint,dict"`
	TouchpointLabel string    `parquet:"touchpoint_label,dict"`
	TouchpointSent  *string   `parquet:"touchpoint_sentiment,optional,dict"`
	TouchpointScore *float64  `parquet:"touchpoint_score,optional"`
	TaxonomyVer     string    `parquet:"taxonomy_version,dict"`
	LexiconVer      string    `parquet:"lexicon_version,dict"`
}

// parquetWriter writes Parquet with zstd-compressed pages and row groups
// of at most rowGroupRows rows. The schema version is stored in the file's
// key/value metadata as "feedbackd.export.schema_version".
type parquetWriter struct {
	shape Shape
	wide  *parquet.GenericWriter[wideRecord]
	long  *parquet.GenericWriter[longRecord]
	wbuf  []wideRecord
	lbuf  []longRecord
}

func newParquetWriter(w io.Writer, shape Shape) *parquetWriter {
	opts := []parquet.WriterOption{
		parquet.Compression(&zstd.Codec{Level: zstd.SpeedFastest}),
		parquet.MaxRowsPerRowGroup(rowGroupRows),
		parquet.KeyValueMetadata("feedbackd.export.schema_version", SchemaVersion),
		parquet.KeyValueMetadata("feedbackd.export.shape", string(shape)),
		parquet.CreatedBy("feedbackd", "", ""),
	}
	p := &parquetWriter{shape: shape}
	if shape == Long {
		p.long = parquet.NewGenericWriter[longRecord](w, opts...)
	} else {
		p.wide = parquet.NewGenericWriter[wideRecord](w, opts...)
	}
	return p
}

func optString(s string, ok bool) *string {
	if !ok {
		return nil
	}
	return &s
}

func optFloat(f float64, ok bool) *float64 {
	if !ok {
		return nil
	}
	return &f
}

// WriteRow buffers the row's record(s), writing a batch when full.
func (p *parquetWriter) WriteRow(r *Row) error {
	meta := string(appendMetaJSON(nil, r.Meta))
	if p.shape == Wide {
		rec := wideRecord{
			Seq: int64(r.Seq), ID: r.ID, Source: r.Source, Audience: r.Audience,
			CreatedAt: r.CreatedAt, ReceivedAt: r.ReceivedAt,
			Text: r.Text(), Fields: string(appendFieldsJSON(nil, r.Fields)),
			Sentiment: optString(r.Sentiment, r.Tagged), SentimentScore: optFloat(r.SentimentScore, r.Tagged),
			NPS: r.NPS, CSAT: r.CSAT, CES: r.CES, Meta: meta,
			Touchpoints: touchpointIDs(r), Untagged: r.Untagged,
			TaxonomyVer: r.TaxonomyVersion, LexiconVer: r.LexiconVersion,
			Redacted: r.Redacted,
		}
		if !r.TaggedAt.IsZero() {
			t := r.TaggedAt
			rec.TaggedAt = &t
		}
		p.wbuf = append(p.wbuf, rec)
		if len(p.wbuf) >= parquetBatch {
			return p.flush()
		}
		return nil
	}
	base := longRecord{
		Seq: int64(r.Seq), ID: r.ID, Source: r.Source, Audience: r.Audience,
		CreatedAt: r.CreatedAt, ReceivedAt: r.ReceivedAt,
		Sentiment: optString(r.Sentiment, r.Tagged), SentimentScore: optFloat(r.SentimentScore, r.Tagged),
		NPS: r.NPS, CSAT: r.CSAT, CES: r.CES, Meta: meta,
		TaxonomyVer: r.TaxonomyVersion, LexiconVer: r.LexiconVersion,
	}
	if len(r.Touchpoints) == 0 {
		p.lbuf = append(p.lbuf, base)
	}
	for _, tp := range r.Touchpoints {
		rec := base
		rec.Touchpoint, rec.TouchpointLabel = tp.ID, tp.Label
		rec.TouchpointSent, rec.TouchpointScore = optString(tp.Sentiment, true), optFloat(tp.Score, true)
		p.lbuf = append(p.lbuf, rec)
	}
	if len(p.lbuf) >= parquetBatch {
		return p.flush()
	}
	return nil
}

// flush hands the buffered records to parquet-go.
func (p *parquetWriter) flush() error {
	var err error
	if p.shape == Wide {
		_, err = p.wide.Write(p.wbuf)
		clear(p.wbuf)
		p.wbuf = p.wbuf[:0]
	} else {
		_, err = p.long.Write(p.lbuf)
		clear(p.lbuf)
		p.lbuf = p.lbuf[:0]
	}
	if err != nil {
		return fmt.Errorf("write parquet: %w", err)
	}
	return nil
}

// Close writes the buffered records, the last row group and the footer.
func (p *parquetWriter) Close() error {
	if err := p.flush(); err != nil {
		return err
	}
	var err error
	if p.shape == Wide {
		err = p.wide.Close()
	} else {
		err = p.long.Close()
	}
	if err != nil {
		return fmt.Errorf("close parquet: %w", err)
	}
	return nil
}
