export TOGETHER_API_KEY=⟦together_key/tgp:tgp_v1_ng8vMcQxCZ7os_O11lswHy3YH7UtVoYpi8ueh6jcmxn⟧
python eval/run.py --provider together --model Qwen/Qwen2.5-72B-Instruct-Turbo
