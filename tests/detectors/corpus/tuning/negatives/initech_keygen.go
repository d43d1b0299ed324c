func encode(der []byte) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: der})
}
// Output looks like -----BEGIN RSA PRIVATE KEY----- ... -----END RSA PRIVATE KEY-----
