MODEL = "claude-sonnet-4-5"
max_tokens = 4096
max_output_tokens: int = 8192
token_budget = 200_000
tokenizer_name = "cl100k_base"
TOKEN_LIMIT_WARNING = 0.8
stop_tokens = ["</answer>"]
