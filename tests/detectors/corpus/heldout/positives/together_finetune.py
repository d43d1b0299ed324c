from together import Together

client = Together(api_key="⟦together_key/hex:a804b6211898c0525a13e9fca91a51aea79f79bbe410f352d98a5e2f07cfe2f1⟧")
job = client.fine_tuning.create(training_file="file-7c1b2d", model="meta-llama/Meta-Llama-3.1-8B-Instruct-Reference")
