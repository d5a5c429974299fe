package cache

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// BatchState is where a request sent through a batch (OpenAI's Batch API,
// or an exported file) stands.
type BatchState string

// Batch request states.
const (
	// BatchPending: recorded, waiting to go out in a batch.
	BatchPending BatchState = "pending"
	// BatchSubmitted: in a batch job (its Job), not answered yet.
	BatchSubmitted BatchState = "submitted"
	// BatchExported: written to an export file, waiting for an import.
	BatchExported BatchState = "exported"
	// BatchAnswered: the answer is stored in the request.
	BatchAnswered BatchState = "answered"
	// BatchFailed: the request failed for good in this run; its Status and
	// Error say why. A new run starts it again.
	BatchFailed BatchState = "failed"
	// BatchCancelled: its batch was cancelled before it was answered. A new
	// run starts it again.
	BatchCancelled BatchState = "cancelled"
)

// BatchRequest is one request sent, or to be sent, through a batch. Its
// Key is the response-cache key of the request, and its custom_id.
type BatchRequest struct {
	Key   Key
	Scope string // the endpoint, as in response keys; never the API key
	Step  string // pipeline step: map, reduce, brief, revise
	Body  []byte // the chat completion request body, JSON
	State BatchState
	Job   int64 // the BatchJob it went out in, 0 if none
	Line  int   // its 1-based line in the job's input file
	// Attempts counts the batches that failed to answer it.
	Attempts int
	// Status is the HTTP status of the answer or of the error.
	Status int
	// The answer, when State is BatchAnswered.
	Content                        string
	FinishReason                   string
	PromptTokens, CompletionTokens int
	// Error is the error body or message when the request failed.
	Error string
}

// BatchJob is one uploaded input file and the batch made from it.
type BatchJob struct {
	ID     int64 // local id
	Scope  string
	FileID string // the uploaded input file, "" before the upload finished
	// BatchID is the provider's batch id, "" before the batch was created.
	BatchID      string
	Status       string // the provider's status, or "uploading"/"creating"
	OutputFileID string
	ErrorFileID  string
	Requests     int
	Completed    int
	Failed       int
	// Collected is set once its output and error files are loaded.
	Collected bool
	// Note says what went wrong with the batch as a whole, if anything.
	Note                 string
	CreatedAt, UpdatedAt time.Time
}

// AddBatchRequest records r as pending unless its key is already known. It
// reports whether it was added.
func (c *Cache) AddBatchRequest(ctx context.Context, r BatchRequest) (bool, error) {
	var added bool
	now := c.now().UnixNano()
	err := c.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `
			INSERT INTO batch_requests (key, scope, step, body, state, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING`,
			r.Key[:], r.Scope, r.Step, r.Body, string(BatchPending), now, now)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		added = n == 1
		return err
	})
	if err != nil {
		return false, fmt.Errorf("batch request %s: %w", r.Key, err)
	}
	return added, nil
}

const batchRequestColumns = `key, scope, step, body, state, job, line, attempts, status, content, finish_reason, prompt_tokens, completion_tokens, error`

func scanBatchRequest(row interface{ Scan(...any) error }) (BatchRequest, error) {
	var (
		r     BatchRequest
		key   []byte
		state string
	)
	err := row.Scan(&key, &r.Scope, &r.Step, &r.Body, &state, &r.Job, &r.Line, &r.Attempts, &r.Status,
		&r.Content, &r.FinishReason, &r.PromptTokens, &r.CompletionTokens, &r.Error)
	if err != nil {
		return r, err
	}
	if len(key) != len(r.Key) {
		return r, fmt.Errorf("%w: batch request key of %d bytes", ErrCorrupt, len(key))
	}
	copy(r.Key[:], key)
	r.State = BatchState(state)
	return r, nil
}

// BatchRequest returns the batch request recorded under key, if any.
func (c *Cache) BatchRequest(ctx context.Context, key Key) (BatchRequest, bool, error) {
	var r BatchRequest
	err := retryBusy(ctx, func() error {
		var err error
		r, err = scanBatchRequest(c.db.QueryRowContext(ctx,
			`SELECT `+batchRequestColumns+` FROM batch_requests WHERE key = ?`, key[:]))
		return err
	})
	if errors.Is(err, sql.ErrNoRows) {
		return BatchRequest{}, false, nil
	}
	if err != nil {
		return BatchRequest{}, false, fmt.Errorf("batch request %s: %w", key, c.classify(ctx, err))
	}
	return r, true, nil
}

// JobRequests returns the requests of a batch job in line order.
func (c *Cache) JobRequests(ctx context.Context, job int64) ([]BatchRequest, error) {
	return c.queryBatchRequests(ctx, `SELECT `+batchRequestColumns+` FROM batch_requests WHERE job = ? AND state = ? ORDER BY line`, job, string(BatchSubmitted))
}

func (c *Cache) queryBatchRequests(ctx context.Context, q string, args ...any) ([]BatchRequest, error) {
	var out []BatchRequest
	err := retryBusy(ctx, func() error {
		out = out[:0]
		rows, err := c.db.QueryContext(ctx, q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			r, err := scanBatchRequest(rows)
			if err != nil {
				return err
			}
			out = append(out, r)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("batch requests: %w", c.classify(ctx, err))
	}
	return out, nil
}

// BatchStateCounts counts the batch requests of scope ("" for all) by step
// and state.
func (c *Cache) BatchStateCounts(ctx context.Context, scope string) (map[string]map[BatchState]int, error) {
	out := map[string]map[BatchState]int{}
	err := retryBusy(ctx, func() error {
		clear(out)
		rows, err := c.db.QueryContext(ctx, `SELECT step, state, count(*) FROM batch_requests WHERE ? = '' OR scope = ? GROUP BY step, state`, scope, scope)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var step, state string
			var n int
			if err := rows.Scan(&step, &state, &n); err != nil {
				return err
			}
			if out[step] == nil {
				out[step] = map[BatchState]int{}
			}
			out[step][BatchState(state)] = n
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("batch counts: %w", c.classify(ctx, err))
	}
	return out, nil
}

// NewBatchJob records a job for scope holding keys, in that line order,
// and marks those requests submitted to it, in one transaction: from then
// on nothing submits them again unless the job is released.
func (c *Cache) NewBatchJob(ctx context.Context, scope string, keys []Key) (int64, error) {
	var id int64
	now := c.now().UnixNano()
	err := c.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `
			INSERT INTO batch_jobs (scope, status, requests, created_at, updated_at) VALUES (?, 'uploading', ?, ?, ?)`,
			scope, len(keys), now, now)
		if err != nil {
			return err
		}
		if id, err = res.LastInsertId(); err != nil {
			return err
		}
		stmt, err := tx.PrepareContext(ctx, `UPDATE batch_requests SET state = ?, job = ?, line = ?, updated_at = ? WHERE key = ?`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for i, k := range keys {
			if _, err := stmt.ExecContext(ctx, string(BatchSubmitted), id, i+1, now, k[:]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("new batch job: %w", err)
	}
	return id, nil
}

// UpdateBatchJob stores j's mutable fields.
func (c *Cache) UpdateBatchJob(ctx context.Context, j BatchJob) error {
	err := c.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `
			UPDATE batch_jobs SET file_id = ?, batch_id = ?, status = ?, output_file_id = ?, error_file_id = ?,
				completed = ?, failed = ?, collected = ?, note = ?, updated_at = ?
			WHERE id = ?`,
			j.FileID, j.BatchID, j.Status, j.OutputFileID, j.ErrorFileID, j.Completed, j.Failed, j.Collected, j.Note,
			c.now().UnixNano(), j.ID)
		return err
	})
	if err != nil {
		return fmt.Errorf("update batch job %d: %w", j.ID, err)
	}
	return nil
}

// ReleaseBatchJob puts the job's unanswered requests back to pending and
// deletes the job: for a job whose file or batch never came to exist.
func (c *Cache) ReleaseBatchJob(ctx context.Context, id int64) error {
	err := c.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE batch_requests SET state = ?, job = 0, line = 0, updated_at = ? WHERE job = ? AND state = ?`,
			string(BatchPending), c.now().UnixNano(), id, string(BatchSubmitted)); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM batch_jobs WHERE id = ?`, id)
		return err
	})
	if err != nil {
		return fmt.Errorf("release batch job %d: %w", id, err)
	}
	return nil
}

// BatchJobs returns the jobs of scope ("" for every scope), oldest first;
// with open, only those not yet collected.
func (c *Cache) BatchJobs(ctx context.Context, scope string, open bool) ([]BatchJob, error) {
	q := `SELECT id, scope, file_id, batch_id, status, output_file_id, error_file_id, requests, completed, failed, collected, note, created_at, updated_at
		FROM batch_jobs WHERE (? = '' OR scope = ?)`
	if open {
		q += ` AND collected = 0`
	}
	q += ` ORDER BY id`
	var out []BatchJob
	err := retryBusy(ctx, func() error {
		out = out[:0]
		rows, err := c.db.QueryContext(ctx, q, scope, scope)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var j BatchJob
			var created, updated int64
			if err := rows.Scan(&j.ID, &j.Scope, &j.FileID, &j.BatchID, &j.Status, &j.OutputFileID, &j.ErrorFileID,
				&j.Requests, &j.Completed, &j.Failed, &j.Collected, &j.Note, &created, &updated); err != nil {
				return err
			}
			j.CreatedAt, j.UpdatedAt = time.Unix(0, created).UTC(), time.Unix(0, updated).UTC()
			out = append(out, j)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("batch jobs: %w", c.classify(ctx, err))
	}
	return out, nil
}

// SetBatchResults stores what became of requests, by key: their state,
// attempts, status, answer or error. Job and line are kept for a
// submitted request and cleared otherwise.
func (c *Cache) SetBatchResults(ctx context.Context, rs []BatchRequest) error {
	if len(rs) == 0 {
		return nil
	}
	now := c.now().UnixNano()
	err := c.write(ctx, func(tx *sql.Tx) error {
		stmt, err := tx.PrepareContext(ctx, `
			UPDATE batch_requests SET state = ?, attempts = ?, status = ?, content = ?, finish_reason = ?,
				prompt_tokens = ?, completion_tokens = ?, error = ?, job = ?, line = ?, updated_at = ?
			WHERE key = ?`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for _, r := range rs {
			job, line := r.Job, r.Line
			if r.State != BatchSubmitted && r.State != BatchAnswered && r.State != BatchFailed {
				job, line = 0, 0
			}
			if _, err := stmt.ExecContext(ctx, string(r.State), r.Attempts, r.Status, r.Content, r.FinishReason,
				r.PromptTokens, r.CompletionTokens, r.Error, job, line, now, r.Key[:]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("batch results: %w", err)
	}
	return nil
}

// RestartBatchFailures puts the failed and cancelled requests of scope
// back to pending with no attempts counted: a new run tries them again,
// as a synchronous rerun would. It returns how many.
func (c *Cache) RestartBatchFailures(ctx context.Context, scope string) (int, error) {
	var n int64
	err := c.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `
			UPDATE batch_requests SET state = ?, attempts = 0, status = 0, error = '', job = 0, line = 0, updated_at = ?
			WHERE scope = ? AND state IN (?, ?)`,
			string(BatchPending), c.now().UnixNano(), scope, string(BatchFailed), string(BatchCancelled))
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("restart batch failures: %w", err)
	}
	return int(n), nil
}

// SetBatchState sets the state of the given requests, e.g. exported.
func (c *Cache) SetBatchState(ctx context.Context, keys []Key, state BatchState) error {
	now := c.now().UnixNano()
	err := c.write(ctx, func(tx *sql.Tx) error {
		stmt, err := tx.PrepareContext(ctx, `UPDATE batch_requests SET state = ?, updated_at = ? WHERE key = ?`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for _, k := range keys {
			if _, err := stmt.ExecContext(ctx, string(state), now, k[:]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("batch state: %w", err)
	}
	return nil
}

// ParseKey reads a Key from its hexadecimal form, as String writes it.
func ParseKey(s string) (Key, bool) {
	var k Key
	if len(s) != 2*len(k) || strings.ToLower(s) != s {
		return k, false
	}
	for i := range k {
		hi, ok1 := unhex(s[2*i])
		lo, ok2 := unhex(s[2*i+1])
		if !ok1 || !ok2 {
			return Key{}, false
		}
		k[i] = hi<<4 | lo
	}
	return k, true
}

func unhex(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	}
	return 0, false
}
