"""Chinese full-text search over the publication index (and any model that opts in).

``tokenizer`` is pure (CJK overlapping bigrams, Latin words and numbers as words);
``fields`` holds the columns a searchable table carries; ``query`` turns a user's query
into the same tokens and runs it on PostgreSQL (GIN-indexed ``tsvector``) or, on SQLite,
as a slower scan over the same token string.
"""
