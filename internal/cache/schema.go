package cache

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// schemaVersion is the version this build writes, kept in meta. Bump it
// and append to migrations for every change to the schema.
const schemaVersion = 3

// applicationID marks the file as a brief cache in the SQLite header
// ("brfc"), so another program's database is told apart from ours.
const applicationID = 0x62726663

// schemaV1 creates a fresh cache. Times are Unix nanoseconds.
const schemaV1 = `
CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);
CREATE TABLE responses (
	key               BLOB PRIMARY KEY CHECK (length(key) = 32),
	content           TEXT NOT NULL,
	finish_reason     TEXT NOT NULL,
	model             TEXT NOT NULL,
	prompt_tokens     INTEGER NOT NULL,
	completion_tokens INTEGER NOT NULL,
	created_at        INTEGER NOT NULL,
	hits              INTEGER NOT NULL DEFAULT 0,
	last_hit_at       INTEGER
);
CREATE INDEX responses_created_at ON responses (created_at);
CREATE TABLE stats (
	id                      INTEGER PRIMARY KEY CHECK (id = 1),
	hits                    INTEGER NOT NULL,
	prompt_tokens_saved     INTEGER NOT NULL,
	completion_tokens_saved INTEGER NOT NULL
);
INSERT INTO stats (id, hits, prompt_tokens_saved, completion_tokens_saved) VALUES (1, 0, 0, 0);
`

// migrations[i] upgrades a version i+1 database to version i+2.
var migrations = []string{
	// 2: the state of Batch API work (see batch.go).
	`
CREATE TABLE batch_requests (
	key               BLOB PRIMARY KEY CHECK (length(key) = 32),
	scope             TEXT NOT NULL,
	step              TEXT NOT NULL,
	body              BLOB NOT NULL,
	state             TEXT NOT NULL,
	job               INTEGER NOT NULL DEFAULT 0,
	line              INTEGER NOT NULL DEFAULT 0,
	attempts          INTEGER NOT NULL DEFAULT 0,
	status            INTEGER NOT NULL DEFAULT 0,
	content           TEXT NOT NULL DEFAULT '',
	finish_reason     TEXT NOT NULL DEFAULT '',
	prompt_tokens     INTEGER NOT NULL DEFAULT 0,
	completion_tokens INTEGER NOT NULL DEFAULT 0,
	error             TEXT NOT NULL DEFAULT '',
	created_at        INTEGER NOT NULL,
	updated_at        INTEGER NOT NULL
);
CREATE INDEX batch_requests_job ON batch_requests (job, line);
CREATE INDEX batch_requests_state ON batch_requests (scope, state);
CREATE TABLE batch_jobs (
	id             INTEGER PRIMARY KEY AUTOINCREMENT,
	scope          TEXT NOT NULL,
	file_id        TEXT NOT NULL DEFAULT '',
	batch_id       TEXT NOT NULL DEFAULT '',
	status         TEXT NOT NULL,
	output_file_id TEXT NOT NULL DEFAULT '',
	error_file_id  TEXT NOT NULL DEFAULT '',
	requests       INTEGER NOT NULL,
	completed      INTEGER NOT NULL DEFAULT 0,
	failed         INTEGER NOT NULL DEFAULT 0,
	collected      INTEGER NOT NULL DEFAULT 0,
	note           TEXT NOT NULL DEFAULT '',
	created_at     INTEGER NOT NULL,
	updated_at     INTEGER NOT NULL
);
`,
	// 3: rate limits servers told, by endpoint and model (see limits.go).
	`
CREATE TABLE rate_limits (
	key      BLOB PRIMARY KEY CHECK (length(key) = 32),
	requests INTEGER NOT NULL,
	tokens   INTEGER NOT NULL,
	seen_at  INTEGER NOT NULL
);
`,
}

// init checks the file's integrity, then creates or upgrades the schema.
func (c *Cache) init(ctx context.Context) error {
	// quick_check reads every page: garbage and damaged pages fail Open now
	// rather than a request halfway through a run.
	if err := c.quickCheck(ctx); err != nil {
		return err
	}
	if err := c.write(ctx, func(tx *sql.Tx) error { return migrate(ctx, tx) }); err != nil {
		return err
	}
	return c.useWAL(ctx)
}

// useWAL switches the file to write-ahead logging, so readers and the one
// writer do not block each other. The mode is stored in the file: this
// changes it once, when the cache is created.
func (c *Cache) useWAL(ctx context.Context) error {
	release, err := c.lockWrite(ctx)
	if err != nil {
		return err
	}
	defer release()
	var mode string
	err = retryBusy(ctx, func() error {
		return c.db.QueryRowContext(ctx, `PRAGMA journal_mode = WAL`).Scan(&mode)
	})
	if err != nil {
		return fmt.Errorf("set WAL mode: %w", c.classify(ctx, err))
	}
	if !strings.EqualFold(mode, "wal") {
		return fmt.Errorf("set WAL mode: journal mode is %q", mode)
	}
	return nil
}

func (c *Cache) quickCheck(ctx context.Context) error {
	var problems []string
	err := retryBusy(ctx, func() error {
		problems = problems[:0]
		rows, err := c.db.QueryContext(ctx, `PRAGMA quick_check`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				return err
			}
			problems = append(problems, s)
		}
		return rows.Err()
	})
	if err != nil {
		return c.classify(ctx, err)
	}
	if len(problems) != 1 || problems[0] != "ok" {
		if len(problems) > 3 {
			problems = append(problems[:3], "…")
		}
		return fmt.Errorf("%w: integrity check: %s", ErrCorrupt, strings.Join(problems, "; "))
	}
	return nil
}

// migrate runs inside the write transaction that holds the write lock, so
// two processes opening a new cache at once create it once.
func migrate(ctx context.Context, tx *sql.Tx) error {
	var tables int
	if err := tx.QueryRowContext(ctx,
		`SELECT count(*) FROM sqlite_schema WHERE type = 'table'`).Scan(&tables); err != nil {
		return err
	}
	var appID int64
	if err := tx.QueryRowContext(ctx, `PRAGMA application_id`).Scan(&appID); err != nil {
		return err
	}
	if tables == 0 && (appID == 0 || appID == applicationID) {
		return create(ctx, tx)
	}
	if appID != applicationID {
		return fmt.Errorf("%w: application id %#x", ErrCorrupt, appID)
	}

	var raw string
	err := tx.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'schema_version'`).Scan(&raw)
	if errors.Is(err, sql.ErrNoRows) || isNoSuchTable(err) {
		return fmt.Errorf("%w: no schema version", ErrCorrupt)
	}
	if err != nil {
		return err
	}
	v, err := strconv.Atoi(raw)
	if err != nil || v < 1 {
		return fmt.Errorf("%w: schema version %q", ErrCorrupt, raw)
	}
	if v > schemaVersion {
		return fmt.Errorf("%w: schema version %d, this build knows up to %d", ErrNewerSchema, v, schemaVersion)
	}
	for ; v < schemaVersion; v++ {
		if _, err := tx.ExecContext(ctx, migrations[v-1]); err != nil {
			return fmt.Errorf("migrate schema %d to %d: %w", v, v+1, err)
		}
	}
	if err := setVersion(ctx, tx); err != nil {
		return err
	}
	return verify(ctx, tx)
}

func create(ctx context.Context, tx *sql.Tx) error {
	if _, err := tx.ExecContext(ctx, schemaV1); err != nil {
		return fmt.Errorf("create schema: %w", err)
	}
	// A fresh database gets schemaV1 plus every migration.
	for i, m := range migrations {
		if _, err := tx.ExecContext(ctx, m); err != nil {
			return fmt.Errorf("create schema: migration %d: %w", i+2, err)
		}
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf(`PRAGMA application_id = %d`, applicationID)); err != nil {
		return fmt.Errorf("create schema: %w", err)
	}
	return setVersion(ctx, tx)
}

func setVersion(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx,
		`INSERT INTO meta (key, value) VALUES ('schema_version', ?)
		 ON CONFLICT (key) DO UPDATE SET value = excluded.value`, strconv.Itoa(schemaVersion))
	if err != nil {
		return fmt.Errorf("set schema version: %w", err)
	}
	return nil
}

// verify checks that the tables and columns the queries use exist, so a
// file with our header but a mangled schema fails at Open.
func verify(ctx context.Context, tx *sql.Tx) error {
	checks := []string{
		`SELECT key, content, finish_reason, model, prompt_tokens, completion_tokens, created_at, hits, last_hit_at FROM responses LIMIT 0`,
		`SELECT hits, prompt_tokens_saved, completion_tokens_saved FROM stats WHERE id = 1`,
		`SELECT key, scope, step, body, state, job, line, attempts, status, content, finish_reason, prompt_tokens, completion_tokens, error, created_at, updated_at FROM batch_requests LIMIT 0`,
		`SELECT id, scope, file_id, batch_id, status, output_file_id, error_file_id, requests, completed, failed, collected, note, created_at, updated_at FROM batch_jobs LIMIT 0`,
	}
	for i, q := range checks {
		rows, err := tx.QueryContext(ctx, q)
		if err != nil {
			return fmt.Errorf("%w: schema: %w", ErrCorrupt, err)
		}
		n := 0
		for rows.Next() {
			n++
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return fmt.Errorf("%w: schema: %w", ErrCorrupt, err)
		}
		if i == 1 && n != 1 {
			return fmt.Errorf("%w: schema: stats row missing", ErrCorrupt)
		}
	}
	return nil
}

func isNoSuchTable(err error) bool {
	return err != nil && strings.Contains(err.Error(), "no such table")
}
