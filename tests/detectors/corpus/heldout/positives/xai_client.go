package llm

import "github.com/openai/openai-go/option"

var xaiOptions = []option.RequestOption{
	option.WithBaseURL("https://api.x.ai/v1"),
	option.WithAPIKey("⟦xai_key/go:xai-lOOmGYIRKetdrw23NKsXQwGxzlj65U2It5dQsDsD9Thu2lsO2dxetCTR0gRbHGSS3IrMJ7vLZrzL0exF⟧"),
}
