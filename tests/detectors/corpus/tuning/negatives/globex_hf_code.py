from huggingface_hub import hf_hub_download
path = hf_hub_download(repo_id="globex/intent-small", filename="model.safetensors", token=True)
