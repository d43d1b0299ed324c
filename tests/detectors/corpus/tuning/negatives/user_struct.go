package model

type Credentials struct {
	Username string `json:"username" validate:"required"`
	Password string `json:"password" validate:"required,min=12"`
}

type APIKey struct {
	ID        string `json:"id"`
	Prefix    string `json:"prefix"`
	SecretKey string `json:"-"` // never serialized
}
