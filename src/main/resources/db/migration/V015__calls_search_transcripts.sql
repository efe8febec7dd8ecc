-- Call history: finding calls by the words said on them. The 'simple' configuration keeps words as they are
-- (no stemming, no stop words), which suits Hindi, English and the mix of both that callers speak.

create index transcripts_words_idx on transcripts using gin (to_tsvector('simple', text));
