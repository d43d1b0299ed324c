package keys

import (
	"bytes"
	"errors"
)

var (
	beginPrivate = []byte("-----BEGIN PRIVATE KEY-----")
	beginRSA     = []byte("-----BEGIN RSA PRIVATE KEY-----")
	endMarker    = []byte("-----END ")
)

func IsPrivateKey(data []byte) bool {
	return bytes.Contains(data, beginPrivate) || bytes.Contains(data, beginRSA)
}

var ErrNoKey = errors.New("no -----BEGIN OPENSSH PRIVATE KEY----- block found")
