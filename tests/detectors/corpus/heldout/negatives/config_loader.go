type Config struct {
	DatabaseURL string `env:"DATABASE_URL,required"`
	APIKey      string `env:"LEDGER_API_KEY,required"`
	Password    string `env:"SMTP_PASSWORD"`
	TokenTTL    time.Duration `env:"TOKEN_TTL" envDefault:"1h"`
}

func Load() (Config, error) {
	var cfg Config
	err := env.Parse(&cfg)
	cfg.APIKey = strings.TrimSpace(cfg.APIKey)
	return cfg, err
}
