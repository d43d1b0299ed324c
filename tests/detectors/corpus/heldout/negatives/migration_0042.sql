ALTER TABLE api_keys ADD COLUMN key_prefix varchar(8) NOT NULL DEFAULT '';
ALTER TABLE api_keys ADD COLUMN key_hash bytea NOT NULL;
ALTER TABLE users RENAME COLUMN password TO password_hash;
CREATE INDEX api_keys_prefix_idx ON api_keys (key_prefix);
COMMENT ON COLUMN api_keys.key_hash IS 'SHA-256 of the secret part; the secret itself is never stored';
