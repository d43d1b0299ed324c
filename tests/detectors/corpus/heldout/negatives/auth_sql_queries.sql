-- name: FindUserForLogin :one
SELECT id, password_hash, mfa_secret_enc FROM users WHERE username = $1 AND disabled = false;

-- name: RotateApiKey :exec
UPDATE api_keys SET key_hash = $2, rotated_at = now() WHERE id = $1;
