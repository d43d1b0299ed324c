package auth

import (
	"crypto/x509"
	"encoding/pem"
)

var signingKeyPEM = []byte(`⟦private_key/pkcs8:-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgTnsFOIv33S9JYV06
FdC7ntlJ/DKJ5VVavX3bJawAJbzcWKH4kq1TLE89MbiR6o/wWLlr40cRL40r2LGD
zZJZnO1CW3kvWyKzHJLf15K81/JXWp/pG5b0qniVkB6FDM/9Mtf51JOm
-----END PRIVATE KEY-----⟧`)

func loadSigner() (any, error) {
	block, _ := pem.Decode(signingKeyPEM)
	return x509.ParsePKCS8PrivateKey(block.Bytes)
}
