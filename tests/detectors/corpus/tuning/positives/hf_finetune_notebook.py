# %% [cell 1]
from huggingface_hub import login
from transformers import AutoTokenizer, AutoModelForCausalLM

login(token="⟦huggingface_token/user_access:hf_PjFG2uzTuRKe7JrNnI6LsI531RHRlQLRtV⟧")
tok = AutoTokenizer.from_pretrained("meta-llama/Llama-3.2-1B")
model = AutoModelForCausalLM.from_pretrained("meta-llama/Llama-3.2-1B", torch_dtype="auto")
# %% [cell 2]
print(model.num_parameters())  # 1235814400
