-- The blog example's tables. Applied by migrate.sh (psql) and by the
-- example's test; safe to run twice.
CREATE TABLE IF NOT EXISTS authors (
    id         uuid PRIMARY KEY,
    name       text NOT NULL,
    email      text UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS posts (
    id            uuid PRIMARY KEY,
    author_id     uuid NOT NULL REFERENCES authors (id),
    title         text NOT NULL CHECK (title <> ''),
    body          text,
    tags          text[] NOT NULL DEFAULT '{}',
    rating        numeric(3, 1),
    published_at  timestamptz NOT NULL DEFAULT now(),
    comment_count integer NOT NULL DEFAULT 0,
    -- addComment's second statement fails past the limit, which rolls back
    -- its first.
    comment_limit integer NOT NULL DEFAULT 1000,
    CHECK (comment_count <= comment_limit)
);
CREATE INDEX IF NOT EXISTS posts_by_date ON posts (published_at DESC, id);

CREATE TABLE IF NOT EXISTS comments (
    id          uuid PRIMARY KEY,
    post_id     uuid NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    author_name text NOT NULL,
    body        text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX IF NOT EXISTS comments_by_post ON comments (post_id, created_at, id);
